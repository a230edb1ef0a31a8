import type { Category, Certification, Highlight, Tag } from './content.js';

/** A category with how many entries (any status) use it. */
export interface CategoryRecord extends Category {
  entryCount: number;
}

/** A tag with how many entries (any status) carry it. */
export interface TagRecord extends Tag {
  entryCount: number;
}

/** A stored highlight card and its id. */
export interface HighlightRecord extends Highlight {
  id: number;
}

/** A stored certification and its id. */
export interface CertificationRecord extends Certification {
  id: number;
}
