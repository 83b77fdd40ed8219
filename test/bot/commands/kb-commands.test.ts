/**
 * `madoguchi kb import|versions|rollback` run through commander against a real server with the
 * bundled sample knowledge base (33 documents): on the embedded database the command goes through
 * the server's loopback admin route (the server holds the data folder); on PostgreSQL it writes
 * directly and the server reloads through NOTIFY. Residents' answers are checked through
 * /api/messages, as a resident meets them.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { BUNDLED_KB_DIR, loadConfig } from '../../../bot/config';
import { buildContainer, type Container } from '../../../bot/container';
import { startServer, type RunningServer } from '../../../bot/server';
import { claimDataFolder, type DataFolderClaim } from '../../../bot/commands/command-database';
import { register } from '../../../bot/commands/kb-command';
import { capturingLogger } from '../../helpers/capturing-logger';
import { emulatorActivity, startReplySink, type ReplySink } from '../../helpers/reply-sink';
import { runCli } from '../../helpers/run-cli';
import { createThrowawayPostgres, requirePostgres, type ThrowawayPostgres } from '../../helpers/test-databases';

const GOOD_DOC = path.join(__dirname, '..', '..', 'fixtures', 'kb', 'malformed', 'good-doc.md');
const PENSION_QUESTION = '기초연금 신청하려면 뭐가 필요해요?';

const run = (args: string[]) => runCli(register, args);

/** Copies the bundled sample documents whose file name passes `only` into a fresh folder. */
function sampleCopy(only: (name: string) => boolean = () => true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-cmd-'));
  for (const f of fs.readdirSync(BUNDLED_KB_DIR)) if (f.endsWith('.md') && only(f)) fs.copyFileSync(path.join(BUNDLED_KB_DIR, f), path.join(dir, f));
  return dir;
}

async function documentIds(): Promise<string[]> {
  const listed = await run(['kb', 'list']);
  assert.equal(listed.code, undefined, listed.err);
  return (JSON.parse(listed.out) as { id: string }[]).map((d) => d.id);
}

for (const driver of ['pglite', 'postgres'] as const) {
  describe(`kb import guard, versions and rollback on ${driver}`, function () {
    this.timeout(240_000);
    const saved = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL, DEFAULT_LANGUAGE: process.env.DEFAULT_LANGUAGE };
    let pg: ThrowawayPostgres | null = null;
    let sink: ReplySink;
    let env: Record<string, string>;
    let container: Container | null = null;
    let server: RunningServer | null = null;
    let claim: DataFolderClaim | null = null;
    let kbDir = '';
    let emptyDir = '';
    let turn = 0;

    async function boot(kb: string, log = pino({ level: 'silent' })): Promise<void> {
      const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', OLLAMA_BASE_URL: 'http://127.0.0.1:1', LOG_LEVEL: 'silent', BOTFRAMEWORK_ALLOW_ANONYMOUS: 'true', ...env, KB_DIR: kb }, null);
      // As `madoguchi serve` does: the embedded database's folder is claimed and the port recorded.
      claim = driver === 'pglite' ? claimDataFolder(env.DATA_DIR) : null;
      container = await buildContainer(config, log);
      server = await startServer(container.app, { port: 0, host: '127.0.0.1', log, shutdownTimeoutMs: 2000, beginShutdown: container.beginShutdown, onShutdown: [container.shutdown] });
      claim?.setPort(server.port);
    }

    async function shutdown(): Promise<void> {
      await server?.stop();
      claim?.release();
      server = null;
      claim = null;
    }

    /** The server's index has reached `version` (on PostgreSQL it reloads on NOTIFY from the command). */
    async function served(version: number): Promise<void> {
      const deadline = Date.now() + 15_000;
      while (container!.knowledge.kbStatus().version !== version) {
        if (Date.now() > deadline) throw new Error(`the server still serves version ${container!.knowledge.kbStatus().version}, expected ${version}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }

    /** Asks as a new resident and returns the titles the answer cites. */
    async function citedTitles(text: string): Promise<string[]> {
      const before = sink.received.filter((r) => r.activity.type === 'message').length;
      const res = await fetch(`${server!.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(emulatorActivity(sink, `kb-cmd-${driver}-${++turn}`, text)),
      });
      assert.equal(res.status, 200);
      // The privacy notice, then the answer.
      const replies = await sink.waitForMessages(before + 2);
      const answer = replies[replies.length - 1].activity;
      const data = answer.channelData as { madoguchi?: { citations?: { title: string }[] } } | undefined;
      return (data?.madoguchi?.citations ?? []).map((c) => c.title);
    }

    before(async function () {
      if (driver === 'postgres') {
        await requirePostgres(this);
        pg = await createThrowawayPostgres();
      }
      sink = await startReplySink();
      env = { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'kb-cmd-data-')), DATABASE_URL: pg?.url ?? '' };
      Object.assign(process.env, env, { DEFAULT_LANGUAGE: 'en' });
      kbDir = sampleCopy();
      emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-cmd-empty-'));
      await boot(kbDir);
    });

    after(async () => {
      await shutdown();
      await sink?.close();
      await pg?.drop();
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
      for (const dir of [kbDir, emptyDir, env?.DATA_DIR]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it('when `kb import` is given an empty folder, then it is refused with exit code 2 and a message, and no document is removed', async () => {
      const before = await documentIds();
      assert.equal(before.length, 33);
      const result = await run(['kb', 'import', emptyDir]);
      assert.equal(result.code, 2, result.err);
      assert.match(result.err, /Refused: the import would remove all 33 documents/);
      // The embedded database belongs to the server: the command went through its loopback route.
      if (driver === 'pglite') assert.match(result.err, new RegExp(`importing through it on port ${server!.port}`));
      assert.deepEqual(await documentIds(), before);
      assert.equal(container!.knowledge.kbStatus().version, 1);
      assert.ok((await citedTitles(PENSION_QUESTION)).some((title) => title.includes('기초연금')));
    });

    it('when a folder would remove more than KB_MAX_REMOVE_SHARE of the documents, then it is refused unless --prune; --dry-run changes nothing', async () => {
      const japaneseOnly = sampleCopy((f) => f.startsWith('sakuradai-'));
      try {
        const refused = await run(['kb', 'import', japaneseOnly]);
        assert.equal(refused.code, 2);
        assert.match(refused.err, /would remove 22 of 33 documents, more than the 6 allowed \(KB_MAX_REMOVE_SHARE\).*--prune/);
        assert.equal((await documentIds()).length, 33);
        const dry = await run(['kb', 'import', japaneseOnly, '--dry-run', '--prune']);
        assert.equal(dry.code, undefined, dry.err);
        assert.match(dry.out, /Dry run, nothing changed \(current version 1\): 0 would be added, 0 updated, 11 unchanged, 22 removed, 0 rejected/);
        assert.match(dry.out, /removed hanbit-basic-pension/);
        assert.equal((await documentIds()).length, 33);
      } finally {
        fs.rmSync(japaneseOnly, { recursive: true, force: true });
      }
    });

    it('when `kb import --dry-run` is run on an edited folder, then it prints what would be added, updated, removed and rejected and changes nothing', async () => {
      const edited = sampleCopy();
      try {
        const card = path.join(edited, 'hanbit-library-card.md');
        fs.writeFileSync(card, fs.readFileSync(card, 'utf8').replace('1인 7권까지', '1인 10권까지'));
        fs.rmSync(path.join(edited, 'maplebay-summer-festival.md'));
        fs.copyFileSync(GOOD_DOC, path.join(edited, 'good-doc.md'));
        fs.writeFileSync(path.join(edited, 'broken.md'), '---\nid: broken\n---\nno title\n');
        const before = await documentIds();
        const dry = await run(['kb', 'import', edited, '--dry-run']);
        assert.equal(dry.code, undefined, dry.err);
        assert.match(dry.out, /1 would be added, 1 updated, 31 unchanged, 1 removed, 1 rejected/);
        for (const line of [/added good-doc/, /updated hanbit-library-card/, /removed maplebay-summer-festival/, /rejected broken\.md:\d+:/]) assert.match(dry.out, line);
        assert.deepEqual(await documentIds(), before);
        const versions = await run(['kb', 'versions', '--json']);
        assert.deepEqual((JSON.parse(versions.out) as { version: number }[]).map((v) => v.version), [1]);
      } finally {
        fs.rmSync(edited, { recursive: true, force: true });
      }
    });

    it('when --prune is given, then the documents are removed and residents no longer get them; `kb versions` lists both versions', async () => {
      const japaneseOnly = sampleCopy((f) => f.startsWith('sakuradai-'));
      try {
        const pruned = await run(['kb', 'import', japaneseOnly, '--prune']);
        assert.equal(pruned.code, undefined, pruned.err);
        assert.match(pruned.out, /version 2: 0 added, 0 updated, 11 unchanged, 22 removed/);
        assert.equal((await documentIds()).length, 11);
        await served(2);
        assert.ok(!(await citedTitles(PENSION_QUESTION)).some((title) => title.includes('기초연금')));
        const versions = await run(['kb', 'versions']);
        assert.equal(versions.code, undefined, versions.err);
        const lines = versions.out.trim().split('\n');
        assert.match(lines[0], /^\* 2 .* import /);
        assert.match(lines[0], /11 documents \(\+0 ~0 -22\)/);
        assert.match(lines[1], /^ {2}1 .* import .* 33 documents \(\+33 ~0 -0\)/);
      } finally {
        fs.rmSync(japaneseOnly, { recursive: true, force: true });
      }
    });

    it('when `kb rollback` runs, then the previous documents are back and residents’ answers cite them again', async () => {
      const unknown = await run(['kb', 'rollback', '--to', '99']);
      assert.equal(unknown.code, 1);
      assert.match(unknown.err, /version 99 is not kept \(kept: 1, 2\)/);
      const rolled = await run(['kb', 'rollback']);
      assert.equal(rolled.code, undefined, rolled.err);
      assert.match(rolled.out, /version 3: restored the documents of version 1 \(33 documents; 22 back, 0 changed back, 0 removed\)/);
      assert.equal((await documentIds()).length, 33);
      await served(3);
      assert.ok((await citedTitles(PENSION_QUESTION)).some((title) => title.includes('기초연금')));
      const versions = JSON.parse((await run(['kb', 'versions', '--json'])).out) as { version: number; kind: string; source: string; current: boolean }[];
      assert.deepEqual(
        versions.map((v) => [v.version, v.kind, v.current]),
        [
          [3, 'rollback', true],
          [2, 'import', false],
          [1, 'import', false],
        ],
      );
      assert.equal(versions[0].source, '1');
    });

    it('when the server restarts with an empty KB_DIR, then it logs an error and keeps serving the stored documents', async () => {
      await shutdown();
      const { log, lines } = capturingLogger('info');
      await boot(emptyDir, log);
      const refused = lines.find((l) => l.level === 50 && String(l.msg).includes('knowledge import refused'));
      assert.ok(refused, JSON.stringify(lines.filter((l) => Number(l.level) >= 40)));
      assert.deepEqual((refused as { refused: unknown }).refused, { reason: 'empty', live: 33, removing: 33, limit: 6 });
      assert.equal(container!.knowledge.kbStatus().version, 3);
      assert.equal(container!.knowledge.kbStatus().documents, 33);
      assert.ok((await citedTitles(PENSION_QUESTION)).some((title) => title.includes('기초연금')));
    });
  });
}
