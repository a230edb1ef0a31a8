import { analyzeWord, tokenize } from './analyzer.js';
import type { SynonymGroups } from './types.js';

/** Synonym groups for security, compliance and privacy vocabulary in English and Swedish. */
export const defaultSynonymGroups: SynonymGroups = Object.freeze(
  [
    [
      'MFA',
      'multi-factor authentication',
      'multifactor authentication',
      'multifactor',
      '2FA',
      'two-factor authentication',
      'two factor',
      'tvåfaktorsautentisering',
      'flerfaktorsautentisering',
    ],
    ['DPA', 'data processing agreement', 'data processing addendum', 'personuppgiftsbiträdesavtal', 'biträdesavtal'],
    ['BCP', 'business continuity plan', 'business continuity', 'kontinuitetsplan', 'kontinuitetsplanering'],
    ['DR', 'disaster recovery', 'katastrofåterställning'],
    ['RTO', 'recovery time objective'],
    ['RPO', 'recovery point objective'],
    ['SSO', 'single sign-on', 'enkel inloggning'],
    ['SIEM', 'security information and event management'],
    ['pentest', 'penetration test', 'penetration testing', 'penetrationstest'],
    ['DDoS', 'distributed denial of service', 'denial of service', 'överbelastningsattack'],
    ['GDPR', 'general data protection regulation', 'dataskyddsförordningen'],
    ['encryption', 'kryptering', 'chiffrering'],
    ['at rest', 'i vila'],
    ['stored', 'lagras', 'lagrad', 'lagrade'],
    ['certified', 'certification', 'certifierad', 'certifierade', 'certifiering'],
    ['logs', 'loggar'],
    ['kept', 'retained', 'sparas', 'bevaras'],
    ['background check', 'background checks', 'bakgrundskontroll', 'bakgrundskontroller'],
    ['availability', 'tillgänglighet'],
    ['data center', 'data centre', 'datacenter', 'datahall'],
    ['physical security', 'fysisk säkerhet', 'skalskydd'],
    ['audit', 'granska', 'granskning'],
    ['authorities', 'myndigheter', 'myndighet'],
    ['employees', 'staff', 'anställda', 'medarbetare'],
    ['security', 'säkerhet'],
    ['information security policy', 'informationssäkerhetspolicy', 'säkerhetspolicy'],
    ['classification', 'classified', 'klassificering', 'klassificeras', 'klassning', 'informationsklassning'],
    ['located', 'belägna', 'belägen', 'ligger'],
    ['access rights', 'behörigheter', 'behörighet', 'åtkomsträttigheter'],
    ['leaves', 'slutar'],
    ['training', 'utbildning', 'utbildas'],
    ['cloud', 'moln', 'molntjänst', 'molntjänster'],
    ['personal data breach', 'personuppgiftsincident'],
    ['notify', 'meddela', 'meddelar', 'underrätta', 'underrättar'],
    ['traffic', 'trafik', 'trafiken'],
    ['network', 'nätverk', 'nätverket'],
    ['segmentation', 'segmentering', 'segmenteras'],
    ['patches', 'updates', 'uppdateringar', 'säkerhetsuppdateringar'],
    ['backup', 'back-up', 'säkerhetskopiering', 'säkerhetskopia'],
    ['vulnerability', 'sårbarhet'],
    ['incident', 'security incident', 'säkerhetsincident'],
    ['incident response', 'incident management', 'incidenthantering'],
    ['subprocessor', 'sub-processor', 'underbiträde', 'underleverantör', 'underleverantörer'],
    ['SLA', 'service level agreement', 'servicenivåavtal'],
    ['access control', 'behörighetsstyrning', 'åtkomstkontroll', 'access management'],
    ['CLOUD Act', 'US CLOUD Act', 'Clarifying Lawful Overseas Use of Data Act'],
    ['TLS', 'transport layer security', 'SSL'],
    ['KMS', 'key management', 'key management service', 'nyckelhantering'],
    ['HSM', 'hardware security module'],
    ['SDLC', 'secure development lifecycle', 'software development lifecycle', 'secure development'],
    ['SBOM', 'software bill of materials'],
    ['ISMS', 'information security management system', 'ledningssystem för informationssäkerhet'],
    ['EDR', 'endpoint detection and response'],
    ['DLP', 'data loss prevention'],
    ['IAM', 'identity and access management'],
    ['PAM', 'privileged access management'],
    ['RBAC', 'role-based access control'],
    ['VPN', 'virtual private network'],
    ['WAF', 'web application firewall'],
    ['IDS', 'intrusion detection system'],
    ['IPS', 'intrusion prevention system'],
    ['OTP', 'one-time password', 'engångslösenord'],
    ['PII', 'personal data', 'personally identifiable information', 'personuppgifter'],
    ['DPIA', 'data protection impact assessment', 'konsekvensbedömning'],
    ['DPO', 'data protection officer', 'dataskyddsombud'],
    ['SOC 2', 'SOC2'],
    // A SOC 2 report is one kind of independent assurance report on a provider's controls.
    ['SOC 2 report', 'audit report', 'assurance report', 'attestation report', 'revisionsrapport'],
    ['NIS2', 'NIS 2'],
    ['EU', 'European Union'],
    ['EEA', 'EES', 'European Economic Area'],
    ['password', 'passphrase', 'lösenord'],
    ['firewall', 'brandvägg'],
    ['antivirus', 'anti-virus', 'anti-malware', 'virusskydd'],
    ['logging', 'audit log', 'audit trail', 'loggning'],
    ['retention', 'data retention', 'lagringstid', 'gallring'],
    ['deletion', 'erasure', 'radering'],
    ['risk assessment', 'risk analysis', 'riskbedömning', 'riskanalys'],
    ['supplier', 'vendor', 'third party', 'leverantör'],
    ['privacy policy', 'privacy notice', 'integritetspolicy'],
    ['security awareness training', 'awareness training', 'säkerhetsutbildning'],
    ['data residency', 'data location', 'data localisation', 'data localization'],
  ].map((group) => Object.freeze(group)),
);

/** A synonym phrase analyzed into the index terms of each of its words. */
export interface SynonymPhrase {
  /** The phrase as written in its group. */
  text: string;
  /** For each non-stop word, its index terms. */
  words: readonly (readonly string[])[];
  group: number;
}

/** A synonym phrase recognised in a query, with the phrases it may be replaced by. */
export interface SynonymMatch {
  /** Number of query words the phrase covers. */
  wordCount: number;
  alternatives: SynonymPhrase[];
}

/** Synonym groups analyzed once, ready to be matched against analyzed query words. */
export class SynonymTable {
  private readonly groups: SynonymPhrase[][] = [];
  // Keyed by any term of a phrase's first word, so only plausible phrases are compared.
  private readonly byFirstTerm = new Map<string, SynonymPhrase[]>();

  constructor(groups: SynonymGroups) {
    groups.forEach((group, groupNumber) => {
      const phrases: SynonymPhrase[] = [];
      for (const text of group) {
        const words = tokenize(text)
          .map((token) => analyzeWord(token.normalized))
          .filter((terms) => terms.length > 0);
        const first = words[0];
        if (first === undefined) continue;
        const phrase: SynonymPhrase = { text, words, group: groupNumber };
        phrases.push(phrase);
        for (const term of first) {
          const list = this.byFirstTerm.get(term);
          if (list === undefined) this.byFirstTerm.set(term, [phrase]);
          else if (!list.includes(phrase)) list.push(phrase);
        }
      }
      this.groups.push(phrases);
    });
  }

  /**
   * Find the longest synonym phrase starting at `start` among the query words (each given as
   * its index terms) and return the other phrases of every group containing it.
   */
  matchPhrase(queryWords: readonly (readonly string[])[], start: number): SynonymMatch | undefined {
    const firstWord = queryWords[start];
    if (firstWord === undefined) return undefined;
    let longest = 0;
    let matched: SynonymPhrase[] = [];
    const seen = new Set<SynonymPhrase>();
    for (const term of firstWord) {
      for (const phrase of this.byFirstTerm.get(term) ?? []) {
        if (seen.has(phrase)) continue;
        seen.add(phrase);
        if (!matchesAt(phrase, queryWords, start)) continue;
        if (phrase.words.length > longest) {
          longest = phrase.words.length;
          matched = [phrase];
        } else if (phrase.words.length === longest) {
          matched.push(phrase);
        }
      }
    }
    if (longest === 0) return undefined;
    const alternatives: SynonymPhrase[] = [];
    const groupsUsed = new Set(matched.map((phrase) => phrase.group));
    for (const group of groupsUsed) {
      for (const phrase of this.groups[group] ?? []) {
        if (matched.some((own) => haveSameWords(own, phrase))) continue;
        if (alternatives.some((other) => haveSameWords(other, phrase))) continue;
        alternatives.push(phrase);
      }
    }
    return { wordCount: longest, alternatives };
  }
}

function matchesAt(phrase: SynonymPhrase, queryWords: readonly (readonly string[])[], start: number): boolean {
  for (let offset = 0; offset < phrase.words.length; offset++) {
    const queryTerms = queryWords[start + offset];
    const phraseTerms = phrase.words[offset];
    if (queryTerms === undefined || phraseTerms === undefined) return false;
    if (!phraseTerms.some((term) => queryTerms.includes(term))) return false;
  }
  return true;
}

function haveSameWords(left: SynonymPhrase, right: SynonymPhrase): boolean {
  if (left.words.length !== right.words.length) return false;
  return left.words.every((terms, index) => {
    const other = right.words[index];
    return other !== undefined && terms.some((term) => other.includes(term));
  });
}
