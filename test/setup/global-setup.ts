// Refuses to run against a PostgreSQL database whose name lacks "test": the suites create and drop databases.
export default function globalSetup(): void {
  const url = process.env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:/.test(url)) return;
  const name = new URL(url).pathname.slice(1);
  if (!name.includes('test')) {
    throw new Error(`Refusing to run tests against database "${name}": its name must contain "test"`);
  }
}
