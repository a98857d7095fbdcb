/**
 * Caps open connections in total and per client address. A slot is taken when an upgrade is
 * admitted (before the asynchronous token check, so a burst of upgrades cannot slip past the
 * cap) and given back when the upgrade fails or the connection closes.
 */
export class ConnectionLimiter {
  private total = 0;
  private readonly perAddress = new Map<string, number>();

  constructor(
    private readonly maxTotal: number,
    private readonly maxPerAddress: number,
  ) {}

  /** Takes a slot, or says which limit is in the way. */
  acquire(address: string): "ok" | "total" | "address" {
    if (this.total >= this.maxTotal) return "total";
    const current = this.perAddress.get(address) ?? 0;
    if (current >= this.maxPerAddress) return "address";
    this.total++;
    this.perAddress.set(address, current + 1);
    return "ok";
  }

  /**
   * Gives back a closed connection's slot (its `address` is the one it was admitted with). One
   * function for every connection: a closure per connection would live as long as it does.
   */
  readonly releaseConnection = (connection: { readonly address: string }): void => {
    this.release(connection.address);
  };

  release(address: string): void {
    const current = this.perAddress.get(address);
    if (current === undefined) return;
    this.total--;
    if (current <= 1) this.perAddress.delete(address);
    else this.perAddress.set(address, current - 1);
  }

  get open(): number {
    return this.total;
  }

  get addresses(): number {
    return this.perAddress.size;
  }
}
