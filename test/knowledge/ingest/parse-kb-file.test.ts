import assert from 'node:assert/strict';
import path from 'node:path';
import { parseKbFile } from '../../../knowledge/ingest/parse-kb-file';
import { readKbDir } from '../../../knowledge/ingest/read-kb-dir';
import { chunkBySection } from '../../../knowledge/ingest/section-chunker';
import { KbDocumentError } from '../../../knowledge/ingest/kb-document';
import { BUNDLED_KB_DIR } from '../../../bot/config';

const MALFORMED = path.join(__dirname, '..', '..', 'fixtures', 'kb', 'malformed');
const EVAL_KB = path.resolve(__dirname, '..', '..', '..', '..', 'shared', 'eval-sample', 'kb');

describe('knowledge files', () => {
  it('when a folder mixes valid and malformed files, then the valid one is parsed and each bad one is reported with its line', () => {
    const { documents, rejected } = readKbDir(MALFORMED);
    assert.deepEqual(documents.map((d) => d.id), ['good-doc']);
    const byFile = new Map(rejected.map((r) => [r.file, r]));
    assert.equal(byFile.get('bad-lang.md')?.line, 4);
    assert.match(byFile.get('bad-lang.md')?.reason ?? '', /^lang:/);
    assert.equal(byFile.get('missing-title.md')?.line, 1);
    assert.match(byFile.get('missing-title.md')?.reason ?? '', /title: is required/);
    assert.match(byFile.get('bad-yaml.md')?.reason ?? '', /invalid YAML/);
    assert.ok((byFile.get('bad-yaml.md')?.line ?? 0) >= 5, 'YAML error points into the front matter');
    assert.equal(byFile.get('wrong-id.md')?.line, 2);
    assert.match(byFile.get('no-front-matter.md')?.reason ?? '', /front matter/);
    assert.equal(rejected.length, 5);
  });

  it('when the front matter has extra keys such as eligibility, then they are kept in meta', () => {
    const doc = readKbDir(MALFORMED).documents[0];
    assert.deepEqual(doc.meta.eligibility, { age: { min: 65 } });
    assert.equal(doc.meta.updated, '2025-01-01');
    assert.deepEqual(doc.tags, ['test']);
  });

  it('when a document has an introduction and sections, then each becomes a chunk with its heading', () => {
    const doc = readKbDir(MALFORMED).documents[0];
    assert.deepEqual(
      doc.sections.map((s) => [s.ordinal, s.section]),
      [
        [0, 'Good Document'],
        [1, 'Who is eligible'],
        [2, 'How to apply'],
      ],
    );
    assert.equal(doc.sections[2].text, '1. Call the street light hotline.');
  });

  it('when a section is very long, then it is split into several chunks under the same heading', () => {
    const long = Array.from({ length: 60 }, (_, i) => `- item ${i} ${'word '.repeat(8)}`).join('\n');
    const sections = chunkBySection(`# T\n\nintro\n\n## Long\n\n${long}\n`, 'T');
    assert.ok(sections.length > 2);
    assert.ok(sections.slice(1).every((s) => s.section === 'Long' && s.text.length <= 1500));
  });

  it('when the same content is parsed twice, then the hash is equal, and it changes with the content', () => {
    const text = '---\nid: a\ntitle: A\nlang: en\ndomain: civil\nregion: XX\nupdated: 2025-01-01\n---\n# A\n\nx\n';
    assert.equal(parseKbFile('a.md', text).contentHash, parseKbFile('a.md', text.replace(/\n/g, '\r\n')).contentHash);
    assert.notEqual(parseKbFile('a.md', text).contentHash, parseKbFile('a.md', `${text}y\n`).contentHash);
    assert.throws(() => parseKbFile('a.md', text.replace('region: XX', 'region: Korea')), (e: unknown) => e instanceof KbDocumentError && e.line === 6);
  });

  it('when the bundled and the public sample KBs are read, then every file is valid and has the five sections', () => {
    for (const dir of [BUNDLED_KB_DIR, EVAL_KB]) {
      const { documents, rejected } = readKbDir(dir);
      assert.deepEqual(rejected, [], dir);
      assert.ok(documents.length >= 12);
      for (const d of documents) assert.ok(d.sections.length >= 6, `${d.id} has an intro and five sections`);
    }
    const bundled = readKbDir(BUNDLED_KB_DIR).documents;
    assert.ok(bundled.length >= 24);
    for (const lang of ['ko', 'ja', 'en']) assert.ok(bundled.filter((d) => d.lang === lang).length >= 8, lang);
    for (const domain of ['welfare', 'health', 'transportation', 'culture', 'civil']) assert.ok(bundled.some((d) => d.domain === domain), domain);
  });
});
