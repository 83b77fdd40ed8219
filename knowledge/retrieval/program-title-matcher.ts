/**
 * Recognises a message that names one of the knowledge base's programs by its title ("산모신생아
 * 건강관리 지원 소득기준…", "母子健康手帳をもらうとき…"). Such a message is a question about that
 * program — answered from its document — even when it also describes the resident's situation.
 */

/** Folds a string for title matching: NFKC, lower case, no spaces or punctuation. */
function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** The name part of a title: "보육료 지원 (Childcare Fee Support)" gives both names. */
function names(title: string): string[] {
  const match = /^(.*?)\s*\((.*)\)\s*$/.exec(title);
  return (match ? [match[1], match[2]] : [title]).map(fold).filter((n) => [...n].length >= 4);
}

/** Matches messages against program titles. */
export class ProgramTitleMatcher {
  private names: string[] = [];
  private updates = 0;

  constructor(titles: readonly string[] = []) {
    this.update(titles);
  }

  /** Replaces the known titles (after a knowledge-base reload). */
  update(titles: readonly string[]): void {
    this.names = [...new Set(titles.flatMap(names))];
    this.updates += 1;
  }

  /** Changes with every update: answers given before may differ from answers now. */
  get generation(): number {
    return this.updates;
  }

  /** True when the message contains a program's full name. */
  mentionsProgram(text: string): boolean {
    const folded = fold(text);
    return this.names.some((n) => folded.includes(n));
  }
}
