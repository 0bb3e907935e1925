// The client a view asks Gumloop with, made on first use for the current key and settings and
// dropped on a new key, user, project or server. A failure (no key) is not kept: the next
// request asks again. Shared by the Flows and Agents views.
import { createClient, type Services } from '../services';
import type { GumloopApi, GumloopClient } from '../gumloop/client';

export class LazyClient {
  private client: Promise<GumloopClient> | undefined;

  constructor(
    private readonly services: Services,
    private readonly api: GumloopApi,
  ) {}

  get(): Promise<GumloopClient> {
    if (!this.client) {
      const created = createClient(this.services, undefined, { api: this.api }).then((made) => made.client);
      created.catch(() => (this.client === created ? (this.client = undefined) : undefined));
      this.client = created;
    }
    return this.client;
  }

  /** Forgets the client (closing it); the next request makes a new one. */
  reset(): void {
    const previous = this.client;
    this.client = undefined;
    void previous?.then((client) => client.close()).catch(() => undefined);
  }
}
