import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLED_KB_DIR } from '../../../bot/config';
import { KnowledgeBase } from '../../../knowledge/retrieval/knowledge-base';
import type { EmbeddingProvider } from '../../../knowledge/ports';
import type { Database } from '../../../storage/database';
import { openDatabase } from '../../../storage/open-database';

/** Embeddings that can be switched on, as Ollama coming back. */
class SwitchableEmbeddings implements EmbeddingProvider {
  constructor(public available = false) {}
  embed(texts: string[]): Promise<number[][] | null> {
    return Promise.resolve(this.available ? texts.map((t) => [t.length, 1, 2]) : null);
  }
}

describe('knowledge-base versions (PGlite)', function () {
  this.timeout(120_000);
  let db: Database;
  let dir: string;

  beforeEach(async () => {
    db = await openDatabase({ databaseUrl: '', dataDir: '', inMemory: true });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kb-versions-'));
    for (const f of fs.readdirSync(BUNDLED_KB_DIR)) if (f.startsWith('hanbit-')) fs.copyFileSync(path.join(BUNDLED_KB_DIR, f), path.join(dir, f));
  });

  afterEach(async () => {
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('when more versions are made than KB_KEEP_VERSIONS, then only the newest are kept and unreferenced contents are dropped', async () => {
    const kb = new KnowledgeBase({ db, pollIntervalMs: 0, keepVersions: 2 });
    const card = path.join(dir, 'hanbit-library-card.md');
    const original = fs.readFileSync(card, 'utf8');
    await kb.importDir(dir);
    for (const n of [8, 9, 10]) {
      fs.writeFileSync(card, original.replace('1인 7권까지', `1인 ${n}권까지`));
      await kb.importDir(dir);
    }
    assert.deepEqual((await kb.versions()).map((v) => v.version), [4, 3]);
    const archived = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM kb_archive_documents WHERE id = 'hanbit-library-card'");
    assert.equal(archived.rows[0].n, 2, 'the 7- and 8-book texts went with their versions');
    const back = await kb.rollback();
    assert.equal(back.restored, 3);
    assert.deepEqual(back.updated, ['hanbit-library-card']);
    const r = await kb.retrieve({ text: '책 몇 권까지 빌릴 수 있어요', lang: 'ko' });
    assert.ok(r.passages.some((p) => p.text.includes('9권')));
  });

  it('when the version before only added embeddings, then a rollback skips it and restores the one with different documents, embeddings included', async () => {
    const emb = new SwitchableEmbeddings(false);
    const kb = new KnowledgeBase({ db, pollIntervalMs: 0, embeddings: emb, embeddingModel: 'fake' });
    await kb.importDir(dir);
    emb.available = true;
    const second = await kb.importDir(dir);
    assert.ok(second.embedded > 0);
    fs.rmSync(path.join(dir, 'hanbit-senior-meal.md'));
    await kb.importDir(dir);
    assert.deepEqual((await kb.versions()).map((v) => [v.version, v.kind]), [
      [3, 'import'],
      [2, 'embeddings'],
      [1, 'import'],
    ]);
    const back = await kb.rollback();
    assert.equal(back.restored, 2);
    assert.deepEqual(back.added, ['hanbit-senior-meal']);
    assert.equal(kb.status().dense, true, 'the restored chunks keep their embeddings');
    await assert.rejects(kb.rollback(4), /version 4 is already the current one/);
  });
});
