import { LocalServer, LocalServerKind, ServerEndpoint } from './LocalServer';
import { ServerProcess, ServerProcessOptions } from './ServerProcess';

/**
 * What every local server shares: started on first need under supervision,
 * and afterwards `ensure()` only waits until it answers (it may be being
 * restarted). A server says how to prepare its directory and run itself
 * ({@link SupervisedServer.prepare}) and, optionally, what to do once it
 * first answers ({@link SupervisedServer.afterStart}).
 */
export abstract class SupervisedServer<
  E extends ServerEndpoint = ServerEndpoint,
> implements LocalServer
{
  abstract readonly kind: LocalServerKind;
  private process?: ServerProcess;
  private endpoint?: E;

  constructor(protected readonly dir: string) {}

  get pid() {
    return this.process?.pid;
  }

  /** Prepares the server's directory; where it will listen and how to run it. */
  protected abstract prepare(): Promise<{
    endpoint: E;
    options: ServerProcessOptions;
  }>;

  /** Runs once the server first answers (creating its admin user, say). */
  protected async afterStart(_endpoint: E): Promise<void> {}

  async ensure(): Promise<E> {
    if (this.endpoint && this.process) {
      // Running, or being restarted by its supervisor: wait until it answers.
      await this.process.start();
      return this.endpoint;
    }
    const { endpoint, options } = await this.prepare();
    this.process ??= new ServerProcess(options);
    await this.process.start();
    await this.afterStart(endpoint);
    this.endpoint = endpoint;
    return endpoint;
  }

  async stop() {
    await this.process?.stop();
  }
}
