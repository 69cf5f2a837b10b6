import { migrationNameProblem, migrationWords, renderMigration } from './migration-template';

describe('migration template', () => {
  it('splits names written in any common style into words', () => {
    expect(migrationWords('add-user-locale')).toEqual(['add', 'user', 'locale']);
    expect(migrationWords('AddUserLocale')).toEqual(['add', 'user', 'locale']);
    expect(migrationWords('add_user locale')).toEqual(['add', 'user', 'locale']);
    expect(migrationWords('addAPIKeys2')).toEqual(['add', 'api', 'keys2']);
  });

  it('rejects names that cannot name a class', () => {
    expect(migrationNameProblem('add-locale')).toBeNull();
    expect(migrationNameProblem('---')).toMatch(/not a usable migration name/);
    expect(migrationNameProblem('2fa')).toMatch(/not a usable migration name/);
  });

  it('renders a class named after the words and the timestamp, with down queries reversed and escaped', () => {
    const source = renderMigration({
      name: 'add user locale',
      timestamp: 1763700002000,
      dialect: 'SQLite',
      up: [{ query: 'ALTER TABLE "users" ADD "locale" varchar' }, { query: 'SELECT `x`, ${y}, \\n', parameters: [1] }],
      down: [{ query: 'first' }, { query: 'second' }],
    });
    expect(source.fileName).toBe('1763700002000-add-user-locale.ts');
    expect(source.className).toBe('AddUserLocale1763700002000');
    expect(source.contents).toContain('export class AddUserLocale1763700002000 implements MigrationInterface {');
    expect(source.contents).toContain("name = 'AddUserLocale1763700002000';");
    expect(source.contents).toContain('dialect-specific (SQLite)');
    expect(source.contents).toContain('portable()');
    expect(source.contents).toContain('await queryRunner.query(`SELECT \\`x\\`, \\${y}, \\\\n`, [1]);');
    expect(source.contents.indexOf('`second`')).toBeLessThan(source.contents.indexOf('`first`'));
  });
});
