import { pagerOf } from './pager';

const page = (total: number, offset: number, shown: number, limit = 10) => ({
  items: Array.from({ length: shown }, (_, i) => i),
  total,
  limit,
  offset,
});

describe('pagerOf', () => {
  it('links to the previous and next pages, keeping the filters and dropping empty ones', () => {
    expect(pagerOf(page(35, 10, 10), '/auth/admin/users', { email: 'ada', action: undefined, to: '' })).toEqual({
      total: 35,
      from: 11,
      to: 20,
      prevHref: '/auth/admin/users?email=ada&limit=10&offset=0',
      nextHref: '/auth/admin/users?email=ada&limit=10&offset=20',
    });
  });

  it('has no previous link on the first page and no next link on the last', () => {
    expect(pagerOf(page(35, 0, 10), '/p')).toMatchObject({ from: 1, to: 10, prevHref: null });
    expect(pagerOf(page(35, 30, 5), '/p')).toMatchObject({ from: 31, to: 35, nextHref: null });
  });

  it('never links before the start from an offset that is not a multiple of the limit', () => {
    expect(pagerOf(page(35, 4, 10), '/p').prevHref).toBe('/p?limit=10&offset=0');
  });

  it('shows nothing to count on an empty list, or past its end', () => {
    expect(pagerOf(page(0, 0, 0), '/p')).toEqual({ total: 0, from: 0, to: 0, prevHref: null, nextHref: null });
    expect(pagerOf(page(5, 50, 0), '/p')).toMatchObject({ from: 0, nextHref: null, prevHref: '/p?limit=10&offset=40' });
  });

  it('encodes filter values', () => {
    expect(pagerOf(page(20, 0, 10), '/p', { email: 'a&b=c d' }).nextHref).toBe(
      '/p?email=a%26b%3Dc+d&limit=10&offset=10',
    );
  });
});
