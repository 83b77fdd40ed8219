import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from '../../../storage/database';
import { openDatabase } from '../../../storage/open-database';
import { KnowledgeBase } from '../../../knowledge/retrieval/knowledge-base';
import type { ImportProgress } from '../../../knowledge/ingest/kb-importer';
import type { EmbeddingProvider } from '../../../knowledge/ports';
import { BUNDLED_KB_DIR } from '../../../bot/config';

const MALFORMED = path.join(__dirname, '..', '..', 'fixtures', 'kb', 'malformed');

function copyDir(from: string, to: string, only?: (name: string) => boolean): void {
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(from)) if (f.endsWith('.md') && (!only || only(f))) fs.copyFileSync(path.join(from, f), path.join(to, f));
}

/** Deterministic fake embeddings: a bag of characters, so similar texts are near. */
class CharEmbeddings implements EmbeddingProvider {
  calls = 0;
  constructor(private available = true) {}
  setAvailable(v: boolean): void {
    this.available = v;
  }
  embed(texts: string[]): Promise<number[][] | null> {
    this.calls++;
    if (!this.available) return Promise.resolve(null);
    return Promise.resolve(
      texts.map((t) => {
        const v = new Array<number>(64).fill(0);
        for (const ch of t) v[ch.codePointAt(0)! % 64] += 1;
        return v;
      }),
    );
  }
}

describe('knowledge import and reload (PGlite)', () => {
  let db: Database;
  let dir: string;

  beforeEach(async () => {
    db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-'));
    copyDir(BUNDLED_KB_DIR, dir, (f) => f.startsWith('hanbit-') || f.startsWith('maplebay-'));
  });

  afterEach(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when a folder is imported twice, then the second import changes nothing and keeps the version', async () => {
    const kb = new KnowledgeBase({ db, pollIntervalMs: 0 });
    const events: ImportProgress[] = [];
    const first = await kb.importDir(dir, (e) => events.push(e));
    const count = fs.readdirSync(dir).length;
    assert.equal(first.added.length, count);
    assert.equal(first.version, 1);
    assert.equal(kb.version, 1);
    assert.equal(kb.status().documents, count);
    assert.ok(events.some((e) => e.phase === 'document') && events.at(-1)?.phase === 'done');
    const second = await kb.importDir(dir);
    assert.deepEqual([second.added, second.updated, second.removed, second.unchanged, second.version], [[], [], [], count, 1]);
  });

  it('when a file changes, one is deleted and one is malformed, then the summary says updated, removed and rejected with the line', async () => {
    const kb = new KnowledgeBase({ db, pollIntervalMs: 0 });
    await kb.importDir(dir);
    const changed = path.join(dir, 'hanbit-library-card.md');
    fs.writeFileSync(changed, fs.readFileSync(changed, 'utf8').replace('1인 7권까지', '1인 10권까지'));
    fs.rmSync(path.join(dir, 'maplebay-summer-festival.md'));
    const broken = path.join(dir, 'hanbit-demand-bus.md');
    fs.writeFileSync(broken, fs.readFileSync(broken, 'utf8').replace('lang: ko', 'lang: kr'));
    const s = await kb.importDir(dir);
    assert.deepEqual(s.updated, ['hanbit-library-card']);
    assert.deepEqual(s.removed, ['maplebay-summer-festival']);
    assert.equal(s.rejected.length, 1);
    assert.deepEqual([s.rejected[0].file, s.rejected[0].line], ['hanbit-demand-bus.md', 4]);
    assert.equal(s.version, 2);
    const ids = (await kb.listDocuments()).map((d) => d.id);
    assert.ok(ids.includes('hanbit-demand-bus'), 'a document whose file became malformed keeps its previous version');
    assert.ok(!ids.includes('maplebay-summer-festival'));
    const r = await kb.retrieve({ text: '책 몇 권까지 빌릴 수 있어요', lang: 'ko' });
    assert.equal(r.passages[0].docId, 'hanbit-library-card');
    assert.ok(r.passages.some((p) => p.text.includes('10권')), 'the index serves the new text');
  });

  it('when another instance imports, then this instance reloads through NOTIFY kb_reload', async () => {
    const a = new KnowledgeBase({ db, pollIntervalMs: 0 });
    const b = new KnowledgeBase({ db, pollIntervalMs: 0 });
    await b.load();
    await b.start();
    const reloaded = new Promise<number>((resolve) => b.onReload(resolve));
    await a.importDir(dir);
    assert.equal(await reloaded, 1);
    assert.ok(b.status().documents > 0);
    await b.stop();
  });

  it('when NOTIFY never arrives, then the version poll reloads the index', async () => {
    // A handle whose LISTEN delivers nothing, as with a dropped listener connection.
    const deaf = new Proxy(db, {
      get(target, key) {
        if (key === 'listen') return () => Promise.resolve(() => Promise.resolve());
        const value: unknown = Reflect.get(target, key, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const a = new KnowledgeBase({ db, pollIntervalMs: 0 });
    const c = new KnowledgeBase({ db: deaf, pollIntervalMs: 50 });
    await c.load();
    await c.start();
    const reloaded = new Promise<number>((resolve) => c.onReload(resolve));
    await a.importDir(dir);
    assert.equal(await reloaded, 1);
    await c.stop();
  });

  it('when the folder has malformed files, then the valid ones are still imported', async () => {
    const kb = new KnowledgeBase({ db, pollIntervalMs: 0 });
    const s = await kb.importDir(MALFORMED);
    assert.deepEqual(s.added, ['good-doc']);
    assert.equal(s.rejected.length, 5);
    const [doc] = await kb.listDocuments();
    assert.deepEqual(doc.meta.eligibility, { age: { min: 65 } });
  });

  it('when an embedding model is reachable, then chunks are stored with vectors and dense retrieval is on; when it was down, a later import backfills', async () => {
    const emb = new CharEmbeddings(false);
    const kb = new KnowledgeBase({ db, embeddings: emb, embeddingModel: 'fake-embed', pollIntervalMs: 0 });
    const first = await kb.importDir(dir);
    assert.equal(first.embedded, 0);
    assert.equal(kb.status().dense, false);
    emb.setAvailable(true);
    const second = await kb.importDir(dir);
    assert.ok(second.embedded > 0);
    assert.equal(second.version, 2);
    assert.equal(kb.status().dense, true);
    const r = await kb.retrieve({ text: '치매 검사', lang: 'ko' });
    assert.equal(r.passages[0].docId, 'hanbit-dementia-care');
  });
});
