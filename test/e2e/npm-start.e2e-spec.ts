import { buildDist, requestOnNewConnection, ServiceProcess } from '../support/service-process';

jest.setTimeout(90_000);

describe('npm start and npm run start:prod', () => {
  let service: ServiceProcess | undefined;

  beforeAll(() => buildDist());
  afterEach(async () => {
    await service?.dispose();
    service = undefined;
  });

  it.each([[['start']], [['run', 'start:prod']]])(
    'npm %j: stopping npm stops the server and frees the port',
    async (args) => {
      service = await ServiceProcess.start({}, ['npm', ...args]);
      await service.waitForLines((line) => line.msg.startsWith('keyward listening '));
      if (args[0] === 'start') expect(service.output).toMatch(/dist\/ is up to date/);
      expect((await requestOnNewConnection(service.baseUrl, 'GET', '/health/ready')).status).toBe(200);

      // npm runs a script through sh; without `exec` in the script, SIGTERM would end the shell and leave the
      // server running, holding the port.
      const exit = await service.stop('SIGTERM');
      expect(exit).toEqual({ code: 0, signal: null });
      expect(service.messagesInLoggedOrder().at(-1)).toBe('stopped');
      await expect(requestOnNewConnection(service.baseUrl, 'GET', '/health')).rejects.toThrow(/ECONNREFUSED/);
    },
  );
});
