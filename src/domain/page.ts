/** A page of rows and how many there are in all. */
export interface Page<T> {
  items: T[];
  total: number;
}
