import { DataSource, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../../../test/support/test-database';
import { isForeignKeyViolation } from './constraint-violations';
import { createDataSource } from './create-data-source';
import { replaceRows } from './transaction';

@Entity('probe_things')
class ThingRow {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  id!: string;
}

// The shape of user_roles and team_roles: an owner's set of references, replaced as a whole.
@Entity('probe_links')
class LinkRow {
  @PrimaryColumn({ name: 'owner_id', type: 'varchar', length: 20 })
  ownerId!: string;

  @ForeignKey('probe_things', { onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'thing_id', type: 'varchar', length: 20 })
  thingId!: string;
}

describe('replaceRows on this run’s database', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  const linksOf = async (ownerId: string) =>
    (await dataSource.getRepository(LinkRow).find({ where: { ownerId }, order: { thingId: 'ASC' } })).map(
      (row) => row.thingId,
    );
  const replace = (ownerId: string, thingIds: string[]) =>
    replaceRows(
      dataSource,
      LinkRow,
      { ownerId },
      thingIds.map((thingId) => ({ ownerId, thingId })),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = createDataSource(db.config, { entities: [ThingRow, LinkRow], migrations: [] });
    await dataSource.initialize();
    await dataSource.synchronize();
    await dataSource.getRepository(ThingRow).insert(['a', 'b', 'c'].map((id) => ({ id })));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it("replaces one owner's set and leaves the other owners' rows alone", async () => {
    await replace('one', ['a', 'b']);
    await replace('two', ['a', 'c']);
    await replace('one', ['c']);
    expect(await linksOf('one')).toEqual(['c']);
    expect(await linksOf('two')).toEqual(['a', 'c']);
  });

  it("clears the owner's set when given no rows", async () => {
    await replace('three', ['a', 'b']);
    await replace('three', []);
    expect(await linksOf('three')).toEqual([]);
  });

  it('keeps the old set when the new one points at a row that is gone', async () => {
    await replace('four', ['a', 'b']);
    const failure = await replace('four', ['c', 'deleted-meanwhile']).catch((error: unknown) => error);
    expect(isForeignKeyViolation(failure)).toBe(true);
    expect(await linksOf('four')).toEqual(['a', 'b']);
  });
});
