export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface PageRequest {
  limit: number;
  offset: number;
}

/** Pages a list that is already complete in memory (small per-user lists such as sessions). */
export function pageOf<T>(all: T[], page: PageRequest): Page<T> {
  return {
    items: all.slice(page.offset, page.offset + page.limit),
    total: all.length,
    limit: page.limit,
    offset: page.offset,
  };
}
