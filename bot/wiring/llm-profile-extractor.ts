/**
 * The eligibility dialog's optional LLM fact extraction, over the JSON extractor: the resident's
 * (masked) text is data, the schema is the profile schema, and an unavailable LLM means `null`
 * (the deterministic rules still apply and win on conflicts).
 */
import type { JsonExtractor } from '../../knowledge/chains/json-extractor';
import type { ProfileExtractor } from '../../eligibility/ports';
import { profileSchema, type Profile } from '../../eligibility/profile';
import type { Lang } from '../../locales/lang';

const INSTRUCTION =
  'Extract only facts the resident states about themselves and their household: age (years), householdSize (people living together, ' +
  'including the resident), childrenAges (array of ages), singleParent, disability, pregnant (booleans), employment ' +
  '(employed|self_employed|unemployed|student|retired|homemaker). Omit anything not stated. Reply with one JSON object.';

/** A ProfileExtractor backed by the LLM. */
export class LlmProfileExtractor implements ProfileExtractor {
  constructor(
    private readonly extractor: JsonExtractor,
    private readonly timeoutMs = 4000,
  ) {}

  async extract(text: string, _lang: Lang): Promise<Partial<Profile> | null> {
    // Income and residence need the city's own references; the rules handle them.
    const schema = profileSchema.omit({ income: true, residence: true });
    const result = await this.extractor.extractJson(INSTRUCTION, text, schema, AbortSignal.timeout(this.timeoutMs));
    return result.status === 'ok' ? result.value : null;
  }
}
