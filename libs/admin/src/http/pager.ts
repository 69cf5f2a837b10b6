import { Page } from '@keyward/kernel';

export interface Pager {
  total: number;
  /** 1-based positions of the first and last item shown. */
  from: number;
  to: number;
  prevHref: string | null;
  nextHref: string | null;
}

/** Previous/next links for a page of a list, keeping the page's other query parameters (filters). */
export function pagerOf(page: Page<unknown>, path: string, params: Record<string, string | undefined> = {}): Pager {
  const href = (offset: number) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
    query.set('limit', String(page.limit));
    query.set('offset', String(offset));
    return `${path}?${query.toString()}`;
  };
  return {
    total: page.total,
    from: page.items.length ? page.offset + 1 : 0,
    to: page.offset + page.items.length,
    prevHref: page.offset > 0 ? href(Math.max(0, page.offset - page.limit)) : null,
    nextHref: page.offset + page.items.length < page.total ? href(page.offset + page.limit) : null,
  };
}
