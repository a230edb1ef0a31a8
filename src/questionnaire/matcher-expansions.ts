/**
 * Domain vocabulary the knowledge base and a questionnaire often phrase differently. Each rule
 * adds its expansion words at low weight when a query contains one of its triggers; the rules are
 * general security vocabulary, never tied to one questionnaire's items.
 */
export interface ExpansionRule {
  /** Words or phrases that fire the rule (matched on stems, so inflections count). */
  triggers: readonly string[];
  /** Words added to the query when the rule fires. */
  expansion: string;
}

/** General security and compliance vocabulary for questionnaire matching. */
export const DOMAIN_EXPANSIONS: readonly ExpansionRule[] = [
  {
    triggers: ['single sign-on', 'SAML', 'OIDC', 'OpenID Connect', 'federated', 'federation', 'identity provider'],
    expansion: 'SSO single sign-on identity provider',
  },
  {
    triggers: [
      'vulnerability disclosure',
      'responsible disclosure',
      'coordinated disclosure',
      'security researcher',
      'bug bounty',
      'safe harbor',
      'safe harbour',
      'security.txt',
      'security reports',
      'reported vulnerabilities',
    ],
    expansion: 'vulnerability disclosure policy security.txt researchers report',
  },
  {
    triggers: [
      'penetration test',
      'pentest',
      'ethical hacking',
      'red team',
      'security testing',
      'test the security',
      'security test',
    ],
    expansion: 'penetration test independent testing',
  },
  {
    triggers: [
      'least privilege',
      'need to know',
      'need-to-know',
      'legitimate need',
      'business need',
      'privileged',
      'administrator',
      'admin rights',
      'system administration',
    ],
    expansion: 'least privilege privileged access administrator rights',
  },
  {
    triggers: ['segregation of duties', 'separation of duties', 'four eyes', 'four-eyes', 'dual control'],
    expansion: 'segregation duties separation approval review',
  },
  {
    triggers: [
      'patch',
      'patches',
      'patching',
      'security updates',
      'remediate vulnerabilities',
      'remediating',
      'remediation',
    ],
    expansion: 'patching vulnerability management updates',
  },
  {
    triggers: [
      'hashed',
      'salted',
      'bcrypt',
      'argon2',
      'scrypt',
      'password length',
      'credential',
      'credentials',
      'passwords',
    ],
    expansion: 'password policy authentication',
  },
  {
    triggers: [
      'cross-site',
      'XSS',
      'CSRF',
      'SQL injection',
      'injection',
      'OWASP',
      'input validation',
      'secure coding',
      'developers',
      'source code',
      'code review',
    ],
    expansion: 'secure development lifecycle code review testing',
  },
  {
    triggers: [
      'ORM',
      'object-relational mapping',
      'web framework',
      'application framework',
      'template engine',
      'template language',
      'parameterised queries',
      'parameterized queries',
      'prepared statements',
      'output encoding',
      'escaping',
    ],
    expansion: 'secure development frameworks escape output query parameters',
  },
  {
    triggers: ['HSTS', 'Strict-Transport-Security', 'HTTPS', 'TLS', 'in transit', 'cipher', 'certificates'],
    expansion: 'encryption in transit TLS certificates',
  },
  {
    triggers: [
      'X-Frame-Options',
      'Content-Security-Policy',
      'security headers',
      'cookies',
      'web application',
      'session',
    ],
    expansion: 'secure development web application',
  },
  {
    triggers: [
      'logs',
      'logging',
      'audit trail',
      'audit log',
      'log retention',
      'event logs',
      'monitoring',
      'anomalous',
      'detect',
    ],
    expansion: 'security logging SIEM monitoring alerts',
  },
  {
    triggers: ['backups', 'backup copies', 'restore', 'restoration', 'recovery copies'],
    expansion: 'backup restore tested copies',
  },
  {
    triggers: [
      'dependencies',
      'third-party libraries',
      'third-party components',
      'libraries',
      'SBOM',
      'open source',
      'open-source',
    ],
    expansion: 'dependency management open source libraries',
  },
  {
    triggers: ['awareness', 'training', 'train', 'phishing', 'cyber hygiene', 'educate'],
    expansion: 'security awareness training employees',
  },
  {
    triggers: ['background check', 'background checks', 'screening', 'vetting'],
    expansion: 'background checks screening employees',
  },
  {
    triggers: [
      'offboarding',
      'termination of employment',
      'leaver',
      'leavers',
      'joiners',
      'onboarding',
      'change of employment',
    ],
    expansion: 'joiners movers leavers offboarding access removal',
  },
  {
    triggers: ['breach notification', 'data breach', 'personal data breach', 'notify customers', 'notification'],
    expansion: 'breach notification customers incident',
  },
  {
    triggers: [
      'physical security',
      'physical access',
      'badge',
      'CCTV',
      'facilities',
      'premises',
      'perimeter',
      'visitors',
      'data centre',
      'data center',
    ],
    expansion: 'data center physical security access card visitors',
  },
  {
    triggers: [
      'disposal',
      'sanitisation',
      'sanitization',
      'wipe',
      'destroy',
      'destruction',
      'decommission',
      'retention',
    ],
    expansion: 'secure disposal deletion storage media',
  },
  {
    triggers: ['at rest', 'on disk', 'disks', 'drives', 'disk encryption', 'storage encryption', 'encrypted storage'],
    expansion: 'encryption at rest',
  },
  {
    triggers: ['business continuity', 'disaster recovery', 'resilience', 'continuity', 'crisis'],
    expansion: 'business continuity disaster recovery plan crisis',
  },
  {
    triggers: ['asset inventory', 'asset register', 'inventory of assets', 'assets', 'configuration items'],
    expansion: 'asset inventory register',
  },
  {
    triggers: ['change management', 'change control', 'changes to production', 'changes'],
    expansion: 'change management approval',
  },
  {
    triggers: [
      'network segmentation',
      'segmentation',
      'segregation of networks',
      'DMZ',
      'demilitarised zone',
      'demilitarized zone',
      'VLAN',
      'firewall',
      'firewalls',
      'network security',
    ],
    expansion: 'network segmentation firewall',
  },
  {
    triggers: [
      'supply chain',
      'suppliers',
      'service providers',
      'third parties',
      'third-party',
      'outsourcing',
      'procurement',
      'acquisition',
    ],
    expansion: 'supplier security assessment contracts monitoring',
  },
  {
    triggers: ['removable media', 'USB', 'portable media', 'storage media'],
    expansion: 'storage media disposal endpoint',
  },
  {
    triggers: ['cryptography', 'cryptographic', 'encryption', 'encrypt', 'keys'],
    expansion: 'encryption key management algorithms',
  },
  {
    triggers: ['identity', 'identification', 'unique user', 'user accounts', 'accounts'],
    expansion: 'accounts identity access',
  },
  {
    triggers: ['authentication', 'authenticate', 'login', 'log in', 'sign in'],
    expansion: 'authentication MFA password',
  },
  {
    triggers: ['access rights', 'access control', 'authorisation', 'authorization', 'permissions', 'entitlements'],
    expansion: 'access rights review least privilege',
  },
  {
    triggers: ['malware', 'virus', 'ransomware', 'endpoint', 'laptops', 'workstations'],
    expansion: 'malware protection endpoint security',
  },
  { triggers: ['incident', 'incidents', 'security events', 'event'], expansion: 'incident response reporting' },
  {
    triggers: [
      'cybersecurity agency',
      'cybersecurity agencies',
      'national agency',
      'national agencies',
      'competent authority',
      'competent authorities',
      'supervisory authority',
      'CSIRT',
    ],
    expansion: 'incident reporting authorities CSIRT',
  },
  {
    triggers: ['threat intelligence', 'threats', 'advisories', 'CSIRT', 'CERT'],
    expansion: 'threat intelligence advisories',
  },
  {
    triggers: ['availability', 'uptime', 'downtime', 'SLA', 'service level'],
    expansion: 'availability commitment SLA monitoring',
  },
  { triggers: ['capacity', 'performance', 'scalability'], expansion: 'capacity management' },
  { triggers: ['subprocessor', 'sub-processors', 'subcontractor', 'subcontractors'], expansion: 'subprocessors list' },
  {
    triggers: ['personal data', 'privacy', 'GDPR', 'data protection', 'data subject'],
    expansion: 'personal data GDPR data protection processing agreement',
  },
  {
    triggers: ['compliance', 'laws', 'regulations', 'legal', 'statutory', 'regulatory'],
    expansion: 'compliance legal requirements',
  },
  {
    triggers: [
      'self-assessment',
      'self-assessments',
      'independent review',
      'audit',
      'audits',
      'certification',
      'attestation',
    ],
    expansion: 'audit certification independent review evidence',
  },
  {
    triggers: ['configuration', 'hardening', 'baseline', 'baselines', 'default settings'],
    expansion: 'configuration baselines hardening',
  },
  {
    triggers: ['utilities', 'power', 'electricity', 'cooling', 'UPS', 'generator'],
    expansion: 'power cooling redundancy',
  },
  {
    triggers: ['fire', 'flood', 'environmental threats', 'natural disasters'],
    expansion: 'fire environmental protection',
  },
  { triggers: ['maintenance', 'repairs', 'repair'], expansion: 'equipment maintenance' },
  {
    triggers: ['roles and responsibilities', 'responsibilities', 'accountable', 'security officer', 'CISO'],
    expansion: 'security roles responsibilities owner',
  },
  { triggers: ['policy', 'policies'], expansion: 'policy' },
  {
    triggers: ['data location', 'data residency', 'where is data stored', 'where is data hosted', 'jurisdiction'],
    expansion: 'data residency location jurisdiction',
  },
];

/**
 * The measures NIS2 (Directive (EU) 2022/2555) lists in Article 21(2), points (a)–(j), and the
 * reporting duty of Article 23, in the statute's own words, so that a question citing only the
 * article still finds entries on its topic.
 */
export const NIS2_ARTICLE_TOPICS: Readonly<Record<string, string>> = {
  a: 'risk analysis information system security policies',
  b: 'incident handling',
  c: 'business continuity backup management disaster recovery crisis management',
  d: 'supply chain security suppliers service providers',
  e: 'security in network and information systems acquisition development maintenance vulnerability handling disclosure',
  f: 'policies procedures assess effectiveness cybersecurity risk management measures',
  g: 'basic cyber hygiene practices cybersecurity training',
  h: 'cryptography encryption',
  i: 'human resources security access control asset management',
  j: 'multi-factor authentication secured voice video text communications emergency communication',
  '23': 'incident reporting notification CSIRT early warning',
};

const ARTICLE_21_POINT = /\barticle\s*21\s*\(\s*2\s*\)\s*(?:,?\s*points?\s*)?\(?\s*([a-j])\s*\)/giu;
const ARTICLE_23 = /\barticle\s*23\b/iu;

/** Topic words for NIS2 Article 21(2)(x) and Article 23 references in a question. */
export function findNis2ArticleTopics(question: string): string[] {
  const topics = new Set<string>();
  for (const match of question.matchAll(ARTICLE_21_POINT)) {
    const topic = NIS2_ARTICLE_TOPICS[(match[1] ?? '').toLowerCase()];
    if (topic !== undefined) topics.add(topic);
  }
  if (ARTICLE_23.test(question)) topics.add(NIS2_ARTICLE_TOPICS['23'] ?? '');
  return [...topics].filter((topic) => topic.length > 0);
}
