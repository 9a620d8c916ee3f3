export default async function globalTeardown() {
  globalThis.__MOTO__?.kill();
}
