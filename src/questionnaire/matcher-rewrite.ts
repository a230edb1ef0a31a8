/**
 * Query rewriting for questionnaire matching: requirement catalogues say "The vendor must publish
 * a policy that…" where a knowledge base says "Do you have…"; only the content words should count.
 */

// Leading list markers and references ("1.2.3", "a)", ">-", "•") carry no meaning for matching.
const LEADING_MARKER = /^\s*(?:>?\s*[-–*•]\s+|\(?[a-z]\)\s+|\(?\d+(?:\.\d+)*\)?[.:)]?\s+)/iu;

// Phrases that frame a requirement or a question rather than name its subject. Order matters only
// for readability: every pattern is removed wherever it occurs, not just at the start.
const BOILERPLATE_PATTERNS: readonly RegExp[] = [
  // NIS2's umbrella term for IT systems; it names no topic and its words match everything.
  /\b(?:of |on |in |to )?(?:the |their |its )?(?:relevant entities['’] )?network and information systems?\b/giu,
  /\bfor the purposes? of (?:article|point|paragraph)[^,;:]*[,;:]?/giu,
  /\b(?:the |all )?relevant entit(?:y|ies)(?:['’]s?)?\b/giu,
  /\b(?:the |your )?(?:vendor|supplier|service provider|provider|company|organi[sz]ation|applicant|bidder|contractor)(?:['’]s)? (?:must|shall|should|will|is required to|are required to|needs? to)\b/giu,
  /\b(?:you|we|they|it) (?:must|shall|should|are required to|need to)\b/giu,
  /\bplease (?:provide|describe|explain|list|confirm|indicate|specify|state|detail|outline|attach|share|give)\b(?: (?:details|a description|a copy|evidence|information|documentation|an overview|a summary) (?:of|on|about|that|for))?/giu,
  /\b(?:describe|explain|outline|detail|summari[sz]e|list|confirm|indicate|specify|state) (?:in detail )?(?:how|whether|if|what|which|that|your|the)\b/giu,
  /\bprovide (?:details|a description|a copy|evidence|information|documentation|an overview|a summary) (?:of|on|about|that|for)\b/giu,
  /\b(?:do|does|did) (?:you|your (?:company|organi[sz]ation|firm|team)|the (?:vendor|supplier|provider|company|organi[sz]ation)) (?:have|maintain|operate|use|perform|conduct|provide|employ|keep)(?: (?:a|an|any))?(?: (?:documented|formal|written|defined|established|approved))?(?: (?:policy|policies|process|processes|procedure|procedures|program|programme|plan|standard))? ?(?:for|on|that|to|regarding|covering|which|in place)?\b/giu,
  /\b(?:is|are) there (?:a|an|any)?(?: (?:documented|formal|written|defined|established))?(?: (?:policy|process|procedure|program|programme))? ?(?:for|on|that|to|regarding|in place)?\b/giu,
  /\b(?:how|to what extent|in what way) (?:do|does|will|can) (?:you|your (?:company|organi[sz]ation))\b/giu,
  /\bensure[sd]? (?:that )?/giu,
  /\bwhere (?:appropriate|applicable|relevant|possible|feasible)\b/giu,
  /\b(?:at least|as a minimum|in accordance with|in line with|with regard to|as appropriate|and so on|including but not limited to|such as|for example|e\.g\.|i\.e\.)/giu,
  /\b(?:in place|on request|at planned intervals)\b/giu,
];

// Imperative verbs that open a requirement ("Publish a…", "Maintain and test…"); they say that
// something must be done, not what. Topic verbs (test, train, encrypt, patch, monitor) are kept.
const REQUIREMENT_VERBS = new Set([
  'publish',
  'develop',
  'document',
  'implement',
  'establish',
  'maintain',
  'perform',
  'define',
  'provide',
  'conduct',
  'enable',
  'include',
  'apply',
  'adopt',
  'set',
  'put',
  'take',
  'carry',
  'make',
  'have',
  'keep',
  'ensure',
  'comply',
  'describe',
  'explain',
  'use',
  'lay',
  'specify',
  'determine',
  'identify',
  'consider',
]);

const OPENING_FILLERS = new Set(['and', 'or', 'to', 'a', 'an', 'the', 'your', 'our', 'their', 'its', 'all', 'any']);

// Words that frame any requirement and would otherwise dilute the content words.
const FRAMING_WORDS = new Set([
  'must',
  'shall',
  'should',
  'please',
  'required',
  'requirement',
  'requirements',
  'appropriate',
  'appropriately',
  'applicable',
  'relevant',
  'adequate',
  'adequately',
  'sufficient',
  'necessary',
  'accordance',
  'regard',
  'regarding',
  'respect',
  'whether',
  'basis',
  'manner',
  'way',
  'extent',
  'following',
  'etc',
  'yes',
  'no',
  'describe',
  'explain',
  'confirm',
  'indicate',
  'specify',
  'outline',
  'vendor’s',
  "vendor's",
  'point',
  'directive',
  'article',
  '2022',
  '2555',
  'regulation',
]);

/** Strip requirement and question framing so only the words that name the subject remain. */
export function rewriteQuestion(question: string): string {
  let text = question.normalize('NFC').replace(/\s+/gu, ' ').trim();
  for (let pass = 0; pass < 3; pass++) {
    const stripped = text.replace(LEADING_MARKER, '');
    if (stripped === text) break;
    text = stripped;
  }
  for (const pattern of BOILERPLATE_PATTERNS) text = text.replace(pattern, ' ');
  const words = text.split(/\s+/u).filter((word) => word.length > 0 && !FRAMING_WORDS.has(bareWord(word)));
  // Drop the opening requirement verbs and determiners ("Maintain and test the…" keeps "test").
  let start = 0;
  while (start < words.length) {
    const word = bareWord(words[start] ?? '');
    if (REQUIREMENT_VERBS.has(word) || OPENING_FILLERS.has(word)) start++;
    else break;
  }
  const rewritten = words.slice(start).join(' ').trim();
  // A question that is nothing but framing keeps its original words rather than becoming empty.
  return /[\p{L}\p{N}]/u.test(rewritten) ? rewritten : question.trim();
}

function bareWord(word: string): string {
  return word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}’']+$/gu, '');
}

const YES_NO_OPENERS = new Set([
  'do',
  'does',
  'did',
  'is',
  'are',
  'was',
  'were',
  'has',
  'have',
  'had',
  'can',
  'could',
  'will',
  'would',
  'shall',
  'should',
  'may',
  'must',
  'might',
  'am',
]);

// Swedish question words: a Swedish question that starts with none of them (nor a preposition and one of them,
// "I vilka länder…") starts with its verb, and so expects a yes or no ("Krypteras…?", "Har ni…?", "Finns det…?").
const SWEDISH_QUESTION_WORDS = new Set([
  'hur',
  'var',
  'vad',
  'vilka',
  'vilken',
  'vilket',
  'när',
  'vem',
  'vems',
  'varför',
  'vart',
  'varifrån',
  'varmed',
  'beskriv',
  'ange',
  'redogör',
  'lista',
]);

/** Whether a Swedish question expects a yes or no: it ends with "?" and opens with its verb, not a question word. */
export function isSwedishYesNoQuestion(question: string): boolean {
  let text = question.trim();
  if (!text.endsWith('?')) return false;
  for (let pass = 0; pass < 3; pass++) {
    const stripped = text.replace(LEADING_MARKER, '');
    if (stripped === text) break;
    text = stripped;
  }
  const [first, second] = text.split(/\s+/u).map(bareWord);
  return !SWEDISH_QUESTION_WORDS.has(first ?? '') && !SWEDISH_QUESTION_WORDS.has(second ?? '');
}

// A reference before the question: "Ref. 4.2.1 –", "Q12:", "Question 3.".
const REFERENCE_OPENING = /^\s*(?:ref(?:erence)?\.?|q|question|item|no\.?|#)\s*\d+(?:\.\d+)*[a-z]?\s*[.:)\-–—]?\s+/iu;

// How a questionnaire asks for the answer, in English and Swedish: a polite lead ("Could you please", "Vänligen"),
// a verb of answering, and what follows it ("whether", "om"). The verbs that ask to confirm expect a yes or no.
const POLITE_LEAD = {
  en: '(?:(?:can|could|would|will) you (?:please )?|please |kindly )?',
  sv: '(?:(?:kan|skulle) ni (?:vänligen )?|vänligen )?',
};
const CONFIRMING_VERBS = { en: 'confirm|indicate|state|specify', sv: 'bekräfta|ange|intyga' };
const ANSWERING_VERBS = {
  en: `tell us|let us know|${CONFIRMING_VERBS.en}|advise|clarify|answer`,
  sv: `${CONFIRMING_VERBS.sv}|berätta`,
};
const WHETHER = { en: '(?:whether|if|that)', sv: '(?:om|att|huruvida)' };

const CONFIRMATION = new RegExp(
  `^(?:${POLITE_LEAD.en}(?:${CONFIRMING_VERBS.en}) ${WHETHER.en}|${POLITE_LEAD.sv}(?:${CONFIRMING_VERBS.sv}) ${WHETHER.sv})\\b`,
  'iu',
);

// Openings that ask for the answer rather than state the question: "Can you tell us: …", "Please confirm whether …".
const ASKING_OPENING = new RegExp(
  `^(?:${POLITE_LEAD.en}(?:${ANSWERING_VERBS.en})(?: ${WHETHER.en})?|${POLITE_LEAD.sv}(?:${ANSWERING_VERBS.sv})(?: ${WHETHER.sv})?)\\s*[:,–—-]?\\s+`,
  'iu',
);

/** Whether a text asks the answerer to confirm something ("Please confirm whether…", "Indicate if…"): a yes or no. */
export function asksForConfirmation(question: string): boolean {
  return CONFIRMATION.test(question.replace(REFERENCE_OPENING, '').trim());
}

/** Whether a question expects a yes or no ("Do you…", "Is there…", "Has the vendor…"). */
export function isYesNoQuestion(question: string): boolean {
  let text = question.trim();
  for (let pass = 0; pass < 3; pass++) {
    const stripped = text.replace(LEADING_MARKER, '');
    if (stripped === text) break;
    text = stripped;
  }
  const first = bareWord(text.split(/\s+/u)[0] ?? '');
  return YES_NO_OPENERS.has(first);
}

// Upper bounds of each Annex A theme in ISO/IEC 27001:2022 (5.1–5.37, 6.1–6.8, 7.1–7.14, 8.1–8.34).
const ANNEX_A_THEME_SIZES: Readonly<Record<string, number>> = { '5': 37, '6': 8, '7': 14, '8': 34 };
const EXPLICIT_CONTROL = /\bA\s?\.?\s?([5-8])\.(\d{1,2})\b/gu;
const ANNEX_A_CONTEXT = /\b(?:annex\s+a|iso(?:\/iec)?\s*27001|27001|control)\b/iu;
const BARE_CONTROL = /(?<![\d.])([5-8])\.(\d{1,2})(?![\d.]*\d)/gu;

/**
 * ISO/IEC 27001:2022 Annex A control ids a question names: "A.8.24" anywhere, and a bare "8.24"
 * only when the text also says Annex A, ISO 27001 or control (a bare number may be a version).
 */
export function findControlIds(question: string): string[] {
  const found = new Set<string>();
  const add = (theme: string, number: string): void => {
    const value = Number(number);
    const size = ANNEX_A_THEME_SIZES[theme];
    if (size !== undefined && value >= 1 && value <= size) found.add(`A.${theme}.${value}`);
  };
  for (const match of question.matchAll(EXPLICIT_CONTROL)) add(match[1] ?? '', match[2] ?? '');
  if (ANNEX_A_CONTEXT.test(question)) {
    for (const match of question.matchAll(BARE_CONTROL)) add(match[1] ?? '', match[2] ?? '');
  }
  return [...found];
}

// Words that make up a questionnaire's instructions around a question ("If yes, please attach supporting evidence.",
// "(Yes/No/N/A)"): a sentence of nothing else asks for a format, not about a subject.
const INSTRUCTION_WORDS = new Set(
  (
    'please kindly explain explanation describe description elaborate detail details detailed provide attach attached ' +
    'upload include supply submit share give add list state specify indicate confirm comment comments justify ' +
    'justification rationale reason reasons why evidence evidencing supporting documentation documents copy copies ' +
    'example examples sample samples further additional more information relevant appropriate briefly brief short ' +
    'summary answer answers response respond reply here below above field box cell column space provided if yes no ' +
    'not n a na n/a applicable so where when otherwise any all a an the and or of for to in on as such this that it ' +
    'these those your our us we you be is are was were do does other e.g eg i.e ie etc where available possible ' +
    'necessary required answer optional mandatory free text textbox note notes ' +
    // The same in Swedish ("Om ja, bifoga underlag.", "Vänligen förklara.").
    'vänligen beskriv förklara ange bifoga bifogat bifogade bevis underlag dokumentation kommentar kommentarer ' +
    'motivera motivering om ja nej ej inte tillämpligt tillämplig eventuella eventuellt relevant relevanta och ' +
    'eller samt här nedan ovan fältet kolumnen svar svara kort kortfattat mer information detaljer ytterligare ' +
    'exempel t.ex ni er ert era'
  ).split(' '),
);

// Who the third-person form of a questionnaire addresses ("Does the supplier…", "the vendor's staff").
const RESPONDENT =
  '(?:the|this) (?:supplier|vendor|(?:ict )?third[- ]party service provider|service provider|provider|contractor|bidder|tenderer|applicant|respondent|cloud service provider|csp)';
const SWEDISH_RESPONDENT = '(?:leverantören|tjänsteleverantören|molntjänstleverantören|anbudsgivaren)';
const ADDRESSED_AS_YOU: readonly (readonly [RegExp, string])[] = [
  [new RegExp(`\\b(?:does|do) ${RESPONDENT}\\b`, 'giu'), 'do you'],
  [new RegExp(`\\b(?:is|are) ${RESPONDENT}\\b`, 'giu'), 'are you'],
  [new RegExp(`\\b(?:has|have) ${RESPONDENT}\\b`, 'giu'), 'have you'],
  [new RegExp(`\\b${RESPONDENT}['’]s\\b`, 'giu'), 'your'],
  [new RegExp(`\\b${RESPONDENT}\\b`, 'giu'), 'you'],
  // Swedish: "leverantören" (the supplier) is "ni", "leverantörens" "er".
  [new RegExp(`(?<![\\p{L}\\p{N}])${SWEDISH_RESPONDENT}s(?![\\p{L}\\p{N}])`, 'giu'), 'er'],
  [new RegExp(`(?<![\\p{L}\\p{N}])${SWEDISH_RESPONDENT}(?![\\p{L}\\p{N}])`, 'giu'), 'ni'],
];

const ADDRESSES_RESPONDENT = new RegExp(
  `\\b${RESPONDENT}\\b|(?<![\\p{L}\\p{N}])${SWEDISH_RESPONDENT}s?(?![\\p{L}\\p{N}])`,
  'iu',
);
const ADDRESSES_YOU = /(?<![\p{L}\p{N}])(?:you|your|yours|ni|er|ert|era)(?![\p{L}\p{N}])/iu;

/**
 * How a library's questions address whoever answers them: 'third person' when more of them say "the supplier" (or
 * vendor, bidder…) than "you". Questions are then matched in that form as asked.
 */
export function addressOf(questions: Iterable<string>): 'you' | 'third person' {
  let you = 0;
  let third = 0;
  for (const question of questions) {
    if (ADDRESSES_YOU.test(question)) you++;
    else if (ADDRESSES_RESPONDENT.test(question)) third++;
  }
  return third > you ? 'third person' : 'you';
}

function isInstruction(sentence: string): boolean {
  const words = sentence
    .toLowerCase()
    .split(/[\s/,;:()]+/u)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((word) => word.length > 0);
  return words.length > 0 && words.every((word) => INSTRUCTION_WORDS.has(word));
}

/**
 * The question itself, without the questionnaire's wrapping: sentences and brackets that are only instructions
 * ("Please explain and provide evidence.", "(Yes/No/N/A)"), a reference before it, an opening that asks for the
 * answer ("Can you tell us:", "Please confirm whether"), and a third-person address ("Does the supplier…" reads
 * "Do you…" when the question never says "you" and the library's questions say "you", see `addressOf`). Its wording is otherwise kept as written, so a question copied
 * from a library stays a copy. A text that is nothing but wrapping is returned unchanged.
 */
export function questionCore(question: string, libraryAddress: 'you' | 'third person' = 'you'): string {
  const original = question.normalize('NFC').replace(/\s+/gu, ' ').trim();
  let text = original.replace(REFERENCE_OPENING, '');
  text = text.replace(/\(([^()]*)\)/gu, (whole, inner: string) => (isInstruction(inner) ? ' ' : whole));
  const sentences = text.split(/(?<=[.?!;])\s+/u);
  const kept = sentences.filter((sentence) => !isInstruction(sentence));
  if (kept.length === 0) return original;
  text = kept.join(' ').replace(/\s+/gu, ' ').trim();
  for (let pass = 0; pass < 3; pass++) {
    const stripped = text.replace(REFERENCE_OPENING, '').replace(ASKING_OPENING, '');
    if (stripped === text) break;
    text = stripped;
  }
  if (libraryAddress === 'you' && !ADDRESSES_YOU.test(text)) {
    for (const [pattern, replacement] of ADDRESSED_AS_YOU) {
      text = text.replace(pattern, (found) => keepCase(found, replacement));
    }
  }
  text = text.trim();
  if (!/[\p{L}\p{N}]/u.test(text)) return original;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function keepCase(found: string, replacement: string): string {
  return /^\p{Lu}/u.test(found) ? replacement.charAt(0).toUpperCase() + replacement.slice(1) : replacement;
}
