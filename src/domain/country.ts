/**
 * ISO 3166-1 alpha-2 country codes: every officially assigned code, and the country's name in the languages
 * of the site. Names come from the runtime's CLDR data (Intl.DisplayNames); the list of codes is our own,
 * because Intl names reserved and made-up codes too (`EU`, `ZZ`), which are not countries.
 */
import type { ContentLanguage } from './translation.js';

/** Every officially assigned ISO 3166-1 alpha-2 code (249). */
export const COUNTRY_CODES: readonly string[] = `
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO
JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR
MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO
RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV
TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`
  .trim()
  .split(/\s+/);

const CODES: ReadonlySet<string> = new Set(COUNTRY_CODES);

/** The member states of the European Union (27). */
export const EU_COUNTRY_CODES: readonly string[] = [
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
];

/** Whether a text is an assigned ISO 3166-1 alpha-2 code, written in capitals. */
export function isCountryCode(value: string): boolean {
  return CODES.has(value);
}

/** Whether a country is a member state of the European Union. */
export function isEuCountry(code: string): boolean {
  return EU_COUNTRY_CODES.includes(code);
}

// Building a DisplayNames is slow; one per language is enough.
const displayNames: Record<ContentLanguage, Intl.DisplayNames> = {
  en: new Intl.DisplayNames(['en-GB'], { type: 'region', fallback: 'code' }),
  sv: new Intl.DisplayNames(['sv-SE'], { type: 'region', fallback: 'code' }),
};

/** A country's name in a language ("Sweden", "Sverige"); the code itself for a code that is not a country. */
export function getCountryName(code: string, language: ContentLanguage): string {
  if (!isCountryCode(code)) return code;
  return displayNames[language].of(code) ?? code;
}
