import type { Generated } from 'kysely';

/** Table types of the database, shared by every repository. */
export interface Database {
  site: SiteTable;
  sla_response_time: SlaResponseTimeTable;
  highlight: HighlightTable;
  category: CategoryTable;
  tag: TagTable;
  entry: EntryTable;
  entry_tag: EntryTagTable;
  entry_phrasing: EntryPhrasingTable;
  entry_control: EntryControlTable;
  certification: CertificationTable;
  named_link: NamedLinkTable;
  content_revision: ContentRevisionTable;
  search_query_day: SearchQueryDayTable;
}

export interface SiteTable {
  id: number;
  name: string;
  tagline: string;
  intro: string;
  contact_email: string;
  security_contact: string;
  security_policy_link: string | null;
  preferred_languages: string;
  accent_color: string;
  sla_title: string;
  sla_summary: string;
  sla_availability: string;
  sla_link: string | null;
}

export interface SlaResponseTimeTable {
  position: number;
  priority: string;
  description: string;
  response: string;
}

export interface HighlightTable {
  id: Generated<number>;
  title: string;
  text: string;
  icon: string;
  position: number;
}

export interface CategoryTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string;
  position: number;
  review_interval_days: number;
}

export interface TagTable {
  id: Generated<number>;
  slug: string;
  name: string;
}

export interface EntryTable {
  id: Generated<number>;
  slug: string;
  question: string;
  answer: string;
  category_id: number;
  status: string;
  owner: string;
  position: number;
  last_reviewed_on: string;
  review_interval_days: number | null;
  created_at: string;
  updated_at: string;
}

export interface EntryTagTable {
  entry_id: number;
  tag_id: number;
  position: number;
}

export interface EntryPhrasingTable {
  entry_id: number;
  position: number;
  text: string;
}

export interface EntryControlTable {
  entry_id: number;
  position: number;
  control_id: string;
}

export interface CertificationTable {
  id: Generated<number>;
  name: string;
  issuer: string;
  certificate_number: string;
  scope: string;
  valid_from: string;
  valid_until: string;
  position: number;
}

export interface NamedLinkTable {
  id: Generated<number>;
  key: string;
  title: string;
  url: string;
  position: number;
}

export interface ContentRevisionTable {
  id: number;
  revision: number;
  changed_at: string;
}

export interface SearchQueryDayTable {
  day: string;
  query: string;
  searches: number;
  last_result_count: number;
}
