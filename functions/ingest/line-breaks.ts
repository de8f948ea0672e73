const LF = 0x0a;
const CR = 0x0d;
const SOH = 0x01;

/** Line-break style of a file, and whether it has a U+0001 character. */
export interface LineBreaks {
  /**
   * `lf` when no line ends with a carriage return, `crlf` when every line
   * break is CR LF, else `mixed` (a lone CR, or LF and CR LF together).
   */
  breaks: "lf" | "crlf" | "mixed";
  /** Whether a U+0001 character occurs: the SQL engine splits lines at it. */
  soh: boolean;
}

/**
 * Scanner of a file's line-break style, fed its chunks in order. A file
 * without a carriage return costs one search per chunk; only after the
 * first CR are line breaks counted one by one.
 */
export class LineBreakScan {
  private soh = false;
  private crSeen = false;
  private mixed = false;
  /** Whether the last chunk ended with a CR whose next byte is unknown. */
  private pendingCr = false;
  private cr = 0;
  private crlf = 0;
  private lf = 0;

  push(chunk: Buffer): void {
    if (!this.soh && chunk.includes(SOH)) this.soh = true;
    if (this.mixed) return;
    let start = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (chunk[0] === LF) this.crlf += 1;
    }
    if (!this.crSeen) {
      const firstCr = chunk.indexOf(CR);
      const firstLf = chunk.indexOf(LF);
      if (firstCr < 0) {
        // An LF before any CR makes the file LF, or mixed if a CR follows.
        if (firstLf >= 0) this.lf += 1;
        return;
      }
      this.crSeen = true;
      if (this.lf > 0 || (firstLf >= 0 && firstLf < firstCr)) {
        this.mixed = true;
        return;
      }
      start = firstCr;
    }
    this.count(chunk, start);
  }

  private count(chunk: Buffer, start: number): void {
    for (let at = chunk.indexOf(CR, start); at >= 0; ) {
      this.cr += 1;
      if (at + 1 === chunk.length) this.pendingCr = true;
      else if (chunk[at + 1] === LF) this.crlf += 1;
      at = chunk.indexOf(CR, at + 1);
    }
    for (let at = chunk.indexOf(LF, start); at >= 0; ) {
      this.lf += 1;
      at = chunk.indexOf(LF, at + 1);
    }
    if (this.cr !== this.crlf + (this.pendingCr ? 1 : 0)) this.mixed = true;
  }

  result(): LineBreaks {
    let breaks: LineBreaks["breaks"] = "lf";
    if (this.crSeen) {
      const pure =
        !this.mixed && this.cr === this.crlf && this.lf === this.crlf;
      breaks = pure ? "crlf" : "mixed";
    }
    return { breaks, soh: this.soh };
  }
}
