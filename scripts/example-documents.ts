// Writes the example trust center's documents as small PDFs: the ISO certificates listed in
// content/certifications.yaml (27001 and 27017), a penetration-test summary, a statement of applicability and a
// supplier-review summary for a fibre supplier. Everything in them is fictional and written for this project.
//
//   node --import tsx scripts/example-documents.ts [output folder]     (default content/documents)
//
// content/documents/index.yaml lists them with their titles, access levels and validity; the import reads them from
// there like the rest of the content folder.
//
// The bytes are the same on every run (fixed dates, producer and file ID; the standard PDF fonts, not embedded),
// so regenerating them changes nothing in git unless the text changed.
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument, type PDFFont, PDFHexString, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { parse } from 'yaml';
import { z } from 'zod';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXED_DATE = new Date('2026-01-15T09:00:00Z');
const COMPANY = 'Norrsken Moln AB';
const FICTION = 'Fictional example document for the Tillit demo trust center. Not a real certificate or report.';
const FICTION_SHORT = 'Fictional example, not a real document.';
const ACCENT = rgb(0.059, 0.361, 0.353);
const A4: [number, number] = [595.28, 841.89];
const MARGIN = 56;

const certificationsSchema = z.array(
  z.object({
    name: z.string(),
    issuer: z.string(),
    certificate_number: z.string(),
    scope: z.string(),
    valid_from: z.union([z.string(), z.date()]),
    valid_until: z.union([z.string(), z.date()]),
  }),
);
type Certification = z.infer<typeof certificationsSchema>[number];

/** A page being written top to bottom, with word wrapping. */
class Writer {
  page: PDFPage;
  y: number;
  constructor(
    private readonly document: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont },
    private readonly footer: string,
  ) {
    this.page = this.newPage();
    this.y = A4[1] - MARGIN;
  }

  private newPage(): PDFPage {
    const page = this.document.addPage(A4);
    page.drawText(this.footer, { x: MARGIN, y: 30, size: 7, font: this.fonts.regular, color: rgb(0.4, 0.4, 0.4) });
    return page;
  }

  pageBreak(): void {
    this.page = this.newPage();
    this.y = A4[1] - MARGIN;
  }

  /** Wrapped text; a new page when the next line would run into the footer. */
  text(
    text: string,
    options: { size?: number; bold?: boolean; gap?: number; indent?: number; color?: typeof ACCENT } = {},
  ) {
    const size = options.size ?? 10;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    const indent = options.indent ?? 0;
    const width = A4[0] - 2 * MARGIN - indent;
    for (const line of wrap(text, font, size, width)) {
      if (this.y - size < MARGIN) this.pageBreak();
      this.y -= size * 1.35;
      this.page.drawText(line, { x: MARGIN + indent, y: this.y, size, font, color: options.color ?? rgb(0, 0, 0) });
    }
    this.y -= options.gap ?? size * 0.6;
  }

  heading(text: string): void {
    this.text(text, { size: 13, bold: true, color: ACCENT, gap: 4 });
  }

  /** One row of columns at fixed x offsets (each cell one line, cut to fit). */
  row(cells: string[], columns: number[], options: { bold?: boolean; size?: number } = {}): void {
    const size = options.size ?? 8;
    const font = options.bold ? this.fonts.bold : this.fonts.regular;
    if (this.y - size < MARGIN) this.pageBreak();
    this.y -= size * 1.45;
    cells.forEach((cell, index) => {
      const x = MARGIN + (columns[index] ?? 0);
      const next = columns[index + 1] ?? A4[0] - 2 * MARGIN;
      this.page.drawText(checkedCell(cell, font, size, next - (columns[index] ?? 0) - 6), { x, y: this.y, size, font });
    });
  }
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A table cell's text, refused when it is wider than its column: the text is ours to shorten, not the layout's to cut. */
function checkedCell(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) > width) throw new Error(`too wide for its column: "${text}"`);
  return text;
}

/** A document with fixed metadata and the file ID derived from its name, so that its bytes never vary. */
async function createDocument(fileName: string, title: string, subject: string) {
  const document = await PDFDocument.create({ updateMetadata: false });
  document.setTitle(title);
  document.setSubject(subject);
  document.setAuthor(`${COMPANY} (fictional)`);
  document.setCreator('Tillit scripts/example-documents.ts');
  document.setProducer('Tillit example documents');
  document.setLanguage('en');
  document.setCreationDate(FIXED_DATE);
  document.setModificationDate(FIXED_DATE);
  const id = createHash('md5').update(`tillit-example:${fileName}`).digest('hex');
  document.context.trailerInfo.ID = document.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
  const fonts = {
    regular: await document.embedFont(StandardFonts.Helvetica),
    bold: await document.embedFont(StandardFonts.HelveticaBold),
  };
  return { document, fonts };
}

function isoDate(value: string | Date): string {
  return typeof value === 'string' ? value : value.toISOString().slice(0, 10);
}

async function certificate(certification: Certification): Promise<Uint8Array> {
  const standard = certification.name;
  const { document, fonts } = await createDocument(
    certification.certificate_number,
    `${standard} certificate, ${COMPANY}`,
    `Certificate ${certification.certificate_number}`,
  );
  const page = document.addPage(A4);
  const [width, height] = A4;
  page.drawRectangle({ x: 28, y: 28, width: width - 56, height: height - 56, borderColor: ACCENT, borderWidth: 3 });
  page.drawRectangle({ x: 36, y: 36, width: width - 72, height: height - 72, borderColor: ACCENT, borderWidth: 0.75 });
  const centre = (text: string, y: number, size: number, font: PDFFont, color = rgb(0, 0, 0)) =>
    page.drawText(text, { x: (width - font.widthOfTextAtSize(text, size)) / 2, y, size, font, color });
  centre(certification.issuer, height - 110, 14, fonts.bold, ACCENT);
  centre('CERTIFICATE', height - 170, 30, fonts.bold);
  centre('This is to certify that the management system of', height - 220, 11, fonts.regular);
  centre(COMPANY, height - 255, 22, fonts.bold);
  centre('Kungsgatan 1 (fictional address), Stockholm, Sweden', height - 278, 10, fonts.regular);
  centre('has been assessed and found to conform to the requirements of', height - 320, 11, fonts.regular);
  centre(standard, height - 352, 20, fonts.bold, ACCENT);
  const writer = { y: height - 400 };
  page.drawText('Scope', { x: 80, y: writer.y, size: 11, font: fonts.bold });
  for (const line of wrap(certification.scope, fonts.regular, 10.5, width - 160)) {
    writer.y -= 15;
    page.drawText(line, { x: 80, y: writer.y, size: 10.5, font: fonts.regular });
  }
  const facts: [string, string][] = [
    ['Certificate number', certification.certificate_number],
    ['Valid from', isoDate(certification.valid_from)],
    ['Valid until', isoDate(certification.valid_until)],
    ['Statement of applicability', 'Version 3.0 of 2024-08-15 (ISMS-DOC-012)'],
  ];
  writer.y -= 36;
  for (const [label, value] of facts) {
    page.drawText(label, { x: 80, y: writer.y, size: 10.5, font: fonts.bold });
    page.drawText(value, { x: 260, y: writer.y, size: 10.5, font: fonts.regular });
    writer.y -= 18;
  }
  page.drawText('Continued validity depends on annual surveillance audits.', {
    x: 80,
    y: writer.y - 12,
    size: 9.5,
    font: fonts.regular,
  });
  page.drawLine({ start: { x: 80, y: 150 }, end: { x: 260, y: 150 }, thickness: 0.75 });
  page.drawText('Ingrid Fjällström, Head of Certification', { x: 80, y: 136, size: 9, font: fonts.regular });
  page.drawText(`for ${certification.issuer} (fictional certification body)`, {
    x: 80,
    y: 123,
    size: 9,
    font: fonts.regular,
  });
  centre(FICTION, 52, 7.5, fonts.regular, rgb(0.4, 0.4, 0.4));
  return document.save();
}

async function penetrationTestSummary(): Promise<Uint8Array> {
  const title = 'Penetration test 2025: executive summary';
  const { document, fonts } = await createDocument('penetration-test-summary', `${title}, ${COMPANY}`, title);
  const w = new Writer(document, fonts, `${COMPANY} · ${title} · Confidential, shared under NDA · ${FICTION_SHORT}`);
  w.text(title, { size: 20, bold: true, color: ACCENT, gap: 4 });
  w.text(`${COMPANY} · Tested by Granitvakt Security AB (fictional) · Report GV-2025-117 · 2025-11-28`, {
    size: 9.5,
    gap: 16,
  });
  w.heading('Scope and method');
  w.text(
    'Between 3 and 21 November 2025, two testers from Granitvakt Security AB examined the public cloud platform of Norrsken Moln from the internet and from inside a customer tenant. The scope was the customer console, the public REST API, the managed Kubernetes control plane, the object storage endpoints and the isolation between tenants in availability zones sto1 and sto2. Social engineering and denial of service were out of scope.',
  );
  w.text(
    'The test followed the OWASP Web Security Testing Guide and the OWASP API Security Top 10, with a grey-box approach: the testers had two ordinary customer accounts, API documentation and an architecture overview, but no source code and no staff credentials.',
  );
  w.heading('Overall result');
  w.text(
    "No critical or high-severity findings. The testers did not reach another tenant's data, the management network or any staff system. Two medium, three low and four informational findings were reported; all medium and low findings were fixed and retested by 12 December 2025.",
  );
  w.row(['Severity', 'Found', 'Fixed and retested', 'Open'], [0, 120, 220, 360], { bold: true, size: 9.5 });
  for (const cells of [
    ['Critical', '0', '0', '0'],
    ['High', '0', '0', '0'],
    ['Medium', '2', '2', '0'],
    ['Low', '3', '3', '0'],
    ['Informational', '4', '2', '2 (accepted)'],
  ]) {
    w.row(cells, [0, 120, 220, 360], { size: 9.5 });
  }
  w.y -= 12;
  w.heading('Findings');
  const findings: [string, string, string][] = [
    [
      'M1 · Medium',
      'Session tokens for the console stayed valid for 30 minutes after a password change.',
      'A password change now ends every other session of the account at once. Retested 2025-12-04.',
    ],
    [
      'M2 · Medium',
      'The API accepted an unlimited number of failed API-key attempts from one address.',
      'Failed attempts are now rate limited per address and per key prefix, and alert after repeated bursts. Retested 2025-12-04.',
    ],
    [
      'L1 · Low',
      'Two console pages did not set a Content-Security-Policy frame-ancestors directive.',
      'All console responses now send frame-ancestors none. Retested 2025-12-04.',
    ],
    [
      'L2 · Low',
      'Error responses from the object storage endpoint named the internal software version.',
      'Version strings removed from error bodies and headers. Retested 2025-12-12.',
    ],
    [
      'L3 · Low',
      'Password reset e-mails linked over HTTPS but without HSTS preload on the mail-link domain.',
      'Domain added to the HSTS preload list. Retested 2025-12-12.',
    ],
  ];
  for (const [label, finding, fix] of findings) {
    w.text(label, { bold: true, size: 10, gap: 1 });
    w.text(finding, { indent: 12, gap: 1 });
    w.text(`Remediation: ${fix}`, { indent: 12 });
  }
  w.pageBreak();
  w.heading('Informational observations');
  for (const observation of [
    'I1 · The API returns the same error for an unknown account and a wrong password, as intended; timing differs by under 5 ms. Accepted.',
    'I2 · Kubernetes audit logs are retained for 90 days; the testers suggested 180. Retention raised to 180 days.',
    'I3 · The console allows passwords of 12 characters; the testers suggested 14 for staff accounts. Staff accounts now require 14.',
    'I4 · Customer-uploaded TLS certificates are not checked against certificate transparency logs. Accepted: customers own their certificates.',
  ]) {
    w.text(observation, { indent: 0 });
  }
  w.heading('Tenant isolation');
  w.text(
    'The testers attempted to reach a second tenant from a first through the API (object identifiers of the other tenant, altered project identifiers in URLs and bodies), through the storage endpoints (bucket names, pre-signed URLs with altered paths) and from inside a Kubernetes workload (the node metadata service, the host network, other namespaces). Every attempt was refused and logged.',
  );
  w.heading('Next test');
  w.text(
    'The next yearly test is planned for November 2026. A focused test of the new managed database service will take place before it becomes generally available.',
  );
  w.heading('About this summary');
  w.text(
    'This summary was written by Norrsken Moln from the full report, and its accuracy was confirmed by Granitvakt Security AB. The full report is available to customers under NDA on request. Everything in this document, including the testing firm and its findings, is fictional example content.',
  );
  return document.save();
}

/** ISO/IEC 27001:2022 Annex A: number, our short label, whether it applies, and why (one line). */
const ANNEX_A: [string, string, boolean, string][] = [
  ['5.1', 'Information security policies', true, 'Policy set approved by management, reviewed yearly.'],
  ['5.2', 'Security roles and responsibilities', true, 'RACI per control; CISO owns the ISMS.'],
  ['5.3', 'Segregation of duties', true, 'Deploys need a second engineer; finance and access admin split.'],
  ['5.4', 'Management responsibilities', true, 'Managers confirm policy training for their teams each quarter.'],
  ['5.5', 'Contact with authorities', true, 'Contacts kept with IMY, MSB/CERT-SE and the police.'],
  ['5.6', 'Contact with special interest groups', true, 'Member of Swedish and Nordic cloud security forums.'],
  ['5.7', 'Threat intelligence', true, 'CERT-SE and vendor feeds triaged weekly.'],
  ['5.8', 'Security in project management', true, 'Security review gate in every project plan.'],
  ['5.9', 'Inventory of information and assets', true, 'CMDB built from the provisioning system, owners assigned.'],
  ['5.10', 'Acceptable use', true, 'Acceptable use policy signed at hiring.'],
  ['5.11', 'Return of assets', true, 'Offboarding checklist covers laptops, keys and tokens.'],
  ['5.12', 'Classification of information', true, 'Four levels: public, internal, confidential, customer data.'],
  ['5.13', 'Labelling of information', true, 'Documents and repositories labelled by level.'],
  ['5.14', 'Information transfer', true, 'Encrypted channels only; customer data never sent by e-mail.'],
  ['5.15', 'Access control', true, 'Role-based access, least privilege, reviewed quarterly.'],
  ['5.16', 'Identity management', true, 'One identity per person from the HR system; no shared accounts.'],
  ['5.17', 'Authentication information', true, 'Hardware security keys for all staff.'],
  ['5.18', 'Access rights', true, 'Granted by ticket, removed on role change, reviewed quarterly.'],
  ['5.19', 'Supplier relationships', true, 'Suppliers tiered by risk; tier 1 reviewed yearly.'],
  ['5.20', 'Security in supplier agreements', true, 'Security annex in every supplier contract.'],
  ['5.21', 'ICT supply chain', true, 'Hardware bought from vetted vendors, firmware verified.'],
  ['5.22', 'Monitoring of supplier services', true, 'Service reviews and yearly supplier assessments.'],
  ['5.23', 'Use of cloud services', true, 'Only approved SaaS tools, none holding customer data.'],
  ['5.24', 'Incident management planning', true, 'Incident plan with on-call roles, tested twice a year.'],
  ['5.25', 'Assessment of security events', true, 'SOC triages alerts against documented criteria.'],
  ['5.26', 'Response to incidents', true, 'Runbooks per incident type; customers told within 24 h.'],
  ['5.27', 'Learning from incidents', true, 'Blameless post-incident reviews with tracked actions.'],
  ['5.28', 'Collection of evidence', true, 'Forensic procedure with chain of custody.'],
  ['5.29', 'Security during disruption', true, 'Security controls kept in the continuity plans.'],
  ['5.30', 'ICT readiness for continuity', true, 'Zone failover tested every six months.'],
  ['5.31', 'Legal and contractual requirements', true, 'Register of laws and contracts, reviewed by legal.'],
  ['5.32', 'Intellectual property rights', true, 'Licence inventory; open-source licences checked in CI.'],
  ['5.33', 'Protection of records', true, 'Retention schedule; records in write-once storage.'],
  ['5.34', 'Privacy and protection of PII', true, 'GDPR processor role; DPIAs for new services.'],
  ['5.35', 'Independent review', true, 'Yearly internal audit by an external firm.'],
  ['5.36', 'Compliance with policies', true, 'Quarterly control testing by the compliance team.'],
  ['5.37', 'Documented operating procedures', true, 'Runbooks in version control, reviewed yearly.'],
  ['6.1', 'Screening', true, 'Background checks before hiring, per Swedish law.'],
  ['6.2', 'Terms of employment', true, 'Security duties written into employment contracts.'],
  ['6.3', 'Awareness and training', true, 'Yearly training plus phishing exercises.'],
  ['6.4', 'Disciplinary process', true, 'HR process for breaches of policy.'],
  ['6.5', 'After termination or change', true, 'Confidentiality continues after employment ends.'],
  ['6.6', 'Confidentiality agreements', true, 'NDAs for staff, contractors and visitors.'],
  ['6.7', 'Remote working', true, 'Managed laptops, VPN-less zero-trust access.'],
  ['6.8', 'Event reporting', true, 'One reporting channel for staff, answered around the clock.'],
  ['7.1', 'Physical perimeters', true, 'Fenced sites with one controlled entrance.'],
  ['7.2', 'Physical entry', true, 'Badge and PIN, escorted visitors, logs kept one year.'],
  ['7.3', 'Offices and facilities', true, 'Office areas separated from data halls.'],
  ['7.4', 'Physical monitoring', true, 'CCTV and intrusion alarms monitored around the clock.'],
  ['7.5', 'Physical and environmental threats', true, 'Fire suppression, flood sensors, seismic risk assessed.'],
  ['7.6', 'Working in secure areas', true, 'Two-person rule in data halls.'],
  ['7.7', 'Clear desk and clear screen', true, 'Screen lock after 5 minutes; clear desk policy.'],
  ['7.8', 'Equipment siting', true, 'Racks in locked cages with environmental sensors.'],
  ['7.9', 'Assets off-premises', true, 'Laptops encrypted and managed; no servers off site.'],
  ['7.10', 'Storage media', true, 'Media tracked by serial number from arrival to destruction.'],
  ['7.11', 'Supporting utilities', true, 'Two grid feeds, UPS and diesel for 72 hours.'],
  ['7.12', 'Cabling security', true, 'Separate trays, labelled cables, diverse fibre routes.'],
  ['7.13', 'Equipment maintenance', true, 'Maintenance by vendor contract, supervised on site.'],
  ['7.14', 'Secure disposal or re-use', true, 'Disks wiped and shredded on site, certificates kept.'],
  ['8.1', 'User endpoint devices', true, 'MDM-managed devices with disk encryption.'],
  ['8.2', 'Privileged access rights', true, 'Just-in-time elevation, recorded sessions.'],
  ['8.3', 'Information access restriction', true, 'Customer data reachable only through audited tooling.'],
  ['8.4', 'Access to source code', true, 'Repository access by team; protected main branches.'],
  ['8.5', 'Secure authentication', true, 'Phishing-resistant MFA for staff and as an option for customers.'],
  ['8.6', 'Capacity management', true, 'Capacity forecast monthly with 30 % headroom.'],
  ['8.7', 'Protection against malware', true, 'EDR on endpoints and servers; signed images only.'],
  ['8.8', 'Technical vulnerabilities', true, 'Scanning daily; critical fixes within 72 hours.'],
  ['8.9', 'Configuration management', true, 'Infrastructure as code with drift detection.'],
  ['8.10', 'Information deletion', true, 'Customer data deleted within 30 days of contract end.'],
  ['8.11', 'Data masking', true, 'Support tools show masked personal data by default.'],
  ['8.12', 'Data leakage prevention', true, 'Egress rules on management networks; DLP on e-mail.'],
  ['8.13', 'Information backup', true, 'Platform backups daily, kept 35 days, restore tested.'],
  ['8.14', 'Redundancy of facilities', true, 'Three availability zones at least 20 km apart.'],
  ['8.15', 'Logging', true, 'Central, tamper-evident logs kept for one year.'],
  ['8.16', 'Monitoring activities', true, 'SOC monitors alerts around the clock.'],
  ['8.17', 'Clock synchronisation', true, 'NTP from two national time sources.'],
  ['8.18', 'Privileged utility programs', true, 'Restricted to platform engineers, usage logged.'],
  ['8.19', 'Software on operational systems', true, 'Only signed packages from our own mirror.'],
  ['8.20', 'Network security', true, 'Default-deny firewalls between all zones.'],
  ['8.21', 'Security of network services', true, 'Carrier services covered by SLAs and reviews.'],
  ['8.22', 'Segregation of networks', true, 'Management, storage and tenant networks separated.'],
  ['8.23', 'Web filtering', true, 'DNS filtering on staff devices.'],
  ['8.24', 'Use of cryptography', true, 'TLS 1.2+ in transit, AES-256 at rest, keys in HSMs.'],
  ['8.25', 'Secure development life cycle', true, 'Threat modelling and review for every change.'],
  ['8.26', 'Application security requirements', true, 'Security requirements in every design document.'],
  ['8.27', 'Secure architecture principles', true, 'Documented principles, reviewed by architects.'],
  ['8.28', 'Secure coding', true, 'Static analysis and dependency checks in CI.'],
  ['8.29', 'Security testing', true, 'Automated tests plus a yearly external penetration test.'],
  ['8.30', 'Outsourced development', false, 'All development is done by our own staff.'],
  ['8.31', 'Separation of environments', true, 'Separate accounts and networks for dev, test and production.'],
  ['8.32', 'Change management', true, 'Peer-reviewed changes, staged rollouts, rollback plans.'],
  ['8.33', 'Test information', true, 'No production customer data in test environments.'],
  ['8.34', 'Protection during audit testing', true, 'Audit access read-only and time-boxed.'],
];

async function statementOfApplicability(): Promise<Uint8Array> {
  const title = 'Statement of applicability, ISO/IEC 27001:2022';
  const { document, fonts } = await createDocument('statement-of-applicability', `${title}, ${COMPANY}`, title);
  const w = new Writer(
    document,
    fonts,
    `${COMPANY} · ISMS-DOC-012 v4.2 · Confidential, shared under NDA · ${FICTION_SHORT}`,
  );
  w.text(title, { size: 18, bold: true, color: ACCENT, gap: 4 });
  w.text(`${COMPANY} · Document ISMS-DOC-012, version 4.2 · Approved 2025-12-01 by the CISO`, { size: 9.5, gap: 12 });
  w.text(
    'This statement lists every control of Annex A of ISO/IEC 27001:2022, whether it applies to the information security management system of Norrsken Moln, and in one line how it is met or why it is excluded. The scope is the one on our ISO/IEC 27001 certificate: the design, operation and support of IaaS, managed Kubernetes and object storage from availability zones sto1, sto2 and sto3, and the Stockholm head office. The control names are our own short labels; the standard has the full titles.',
  );
  const applicable = ANNEX_A.filter(([, , isApplicable]) => isApplicable).length;
  w.text(
    `${ANNEX_A.length} controls: ${applicable} applicable and implemented, ${ANNEX_A.length - applicable} not applicable.`,
    { bold: true, gap: 10 },
  );
  const columns = [0, 38, 172, 212];
  const header = () => w.row(['Control', 'Topic', 'Applies', 'How it is met, or why not'], columns, { bold: true });
  let section = '';
  for (const [number, label, isApplicable, justification] of ANNEX_A) {
    const current = number.split('.')[0] ?? '';
    if (current !== section) {
      section = current;
      const name = { '5': 'Organisational', '6': 'People', '7': 'Physical', '8': 'Technological' }[current];
      w.y -= 6;
      w.text(`A.${current} ${name} controls`, { bold: true, size: 10.5, color: ACCENT, gap: 2 });
      header();
    }
    w.row([`A.${number}`, label, isApplicable ? 'Yes' : 'No', justification], columns);
  }
  w.pageBreak();
  w.heading('Changes since version 4.1');
  for (const change of [
    'A.5.7 Threat intelligence: weekly triage of CERT-SE and vendor feeds now recorded in the risk register.',
    'A.5.23 Use of cloud services: the list of approved SaaS tools is now reviewed every six months instead of yearly.',
    'A.8.2 Privileged access rights: standing administrator rights removed; all elevation is just-in-time.',
    'A.8.10 Information deletion: deletion after contract end shortened from 60 to 30 days.',
  ]) {
    w.text(change);
  }
  w.heading('Exclusions');
  w.text(
    'A.8.30 Outsourced development is excluded: no development of systems in scope is outsourced. Should that change, the control is brought back into scope before any contract is signed.',
  );
  w.heading('Approval');
  w.text(
    'Approved by Maja Lindqvist, CISO, on 2025-12-01, and by the management team on 2025-12-04 (fictional names).',
  );
  w.text('Next review: December 2026, or earlier after a significant change to the scope or the risk assessment.');
  return document.save();
}

async function supplierReview(): Promise<Uint8Array> {
  const title = 'Supplier review summary: Mälarfiber AB';
  const { document, fonts } = await createDocument('supplier-review-fibre', `${title}, ${COMPANY}`, title);
  const w = new Writer(
    document,
    fonts,
    `${COMPANY} · Supplier review SR-2025-09 · Shared on request · ${FICTION_SHORT}`,
  );
  w.text(title, { size: 18, bold: true, color: ACCENT, gap: 4 });
  w.text(`${COMPANY} · Review SR-2025-09 · Completed 2025-10-17 · Next review due 2026-10`, { size: 9.5, gap: 12 });
  w.heading('The supplier');
  w.text(
    'Mälarfiber AB (fictional) leases us dark fibre between availability zones sto1, sto2 and sto3, on one of the two physically separate routes per pair of zones. The other route is leased from a different carrier, reviewed separately. Mälarfiber has no access to customer data, our systems or our data halls; it operates the fibre, the ducts and the handholes up to our building entry points.',
  );
  w.heading('Why it is reviewed');
  w.text(
    'The supplier is tier 1 in our supplier register: a failure or a careless excavation on its route removes one of the two paths between two zones until it is repaired. Reviews focus on availability, change notification and physical protection of the route, not on data protection.',
  );
  w.heading('What we checked');
  const checks: [string, string, string][] = [
    ['Route diversity', 'Met', 'Route maps confirm no shared duct or bridge with the second carrier.'],
    ['Physical protection', 'Met', 'Ducts at 0.8 m depth, locked handholes, marker tape; site visit 2025-09-24.'],
    ['Change notification', 'Met', 'Planned work announced 10 business days ahead; 4 of 4 notices on time.'],
    ['Fault response', 'Met', 'Contract: repair within 8 h; measured median 5.2 h over 3 faults in 12 months.'],
    ['Excavation safety', 'Met', 'Registered in the national cable-locating service; requests answered within 1 day.'],
    ['Certifications', 'Partly met', 'ISO 9001 certified; ISO/IEC 27001 planned for 2026.'],
    ['Business continuity', 'Met', 'Spare fibre and splicing teams in Stockholm; plan tested 2025-05.'],
    ['Subcontractors', 'Met', 'Two named civil-works subcontractors, bound by the same terms.'],
  ];
  const columns = [0, 110, 165];
  w.row(['Area', 'Result', 'Evidence'], columns, { bold: true, size: 8.5 });
  for (const cells of checks) w.row(cells, columns, { size: 8.5 });
  w.y -= 10;
  w.heading('Outcome');
  w.text(
    'Approved for continued use, risk rating low. One action: Mälarfiber will send us its ISO/IEC 27001 certificate when issued, or an update on its progress by 2026-06-30. We keep the second route with a different carrier, which is the control that matters most for this risk.',
  );
  w.heading('About this summary');
  w.text(
    'This is a summary of our internal review; the full review with route maps is not shared. The supplier, its figures and this review are fictional example content for the Tillit demo trust center.',
  );
  return document.save();
}

async function main(): Promise<void> {
  const output = resolve(process.argv[2] ?? join(ROOT, 'content', 'documents'));
  const yamlText = await readFile(join(ROOT, 'content', 'certifications.yaml'), 'utf8');
  const certifications = certificationsSchema.parse(parse(yamlText));
  const wanted: [string, string][] = [
    ['ISO/IEC 27001', 'iso-27001-certificate.pdf'],
    ['ISO/IEC 27017', 'iso-27017-certificate.pdf'],
  ];
  const files: [string, Uint8Array][] = [];
  for (const [prefix, fileName] of wanted) {
    const found = certifications.find((certification) => certification.name.startsWith(prefix));
    // Only certificates content/certifications.yaml lists are written.
    if (found !== undefined) files.push([fileName, await certificate(found)]);
  }
  files.push(['penetration-test-summary.pdf', await penetrationTestSummary()]);
  files.push(['statement-of-applicability.pdf', await statementOfApplicability()]);
  files.push(['supplier-review-fibre.pdf', await supplierReview()]);
  await mkdir(output, { recursive: true });
  for (const [fileName, bytes] of files) {
    await writeFile(join(output, fileName), bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    console.log(`${join(output, fileName)}  ${bytes.byteLength} bytes  sha256 ${sha256}`);
  }
}

await main();
