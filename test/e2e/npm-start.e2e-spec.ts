import { buildDist, requestOnNewConnection, ServiceProcess } from '../support/service-process';

jest.setTimeout(90_000);

describe('npm start', () => {
  let service: ServiceProcess;

  beforeAll(() => buildDist());
  afterAll(async () => {
    await service?.dispose();
  });

  it('skips an up-to-date build, and stopping npm stops the server and frees the port', async () => {
    service = await ServiceProcess.start({}, ['npm', 'start']);
    await service.waitForLines((line) => line.msg === 'keyward listening');
    expect(service.output).toMatch(/dist\/ is up to date/);
    expect((await requestOnNewConnection(service.baseUrl, 'GET', '/health/ready')).status).toBe(200);

    // npm runs the script through sh; without `exec` the shell would die and leave the server running.
    const exit = await service.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(service.lines.at(-1)?.msg).toBe('stopped');
    await expect(requestOnNewConnection(service.baseUrl, 'GET', '/health')).rejects.toThrow(/ECONNREFUSED/);
  });
});
