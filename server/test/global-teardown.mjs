export default async function globalTeardown() {
  await globalThis.__HUIYUAN_TEST_PG__?.stop();
}
