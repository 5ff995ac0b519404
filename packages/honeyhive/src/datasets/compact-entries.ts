/**
 * The canonical entries of a dataset read a row at a time (a streamed JSON Lines file, a server dataset read page by
 * page), kept for its content version only, compactly: each entry's external id as bytes in shared blocks outside the
 * JavaScript heap (`CompactTexts`; a run of 100,000 rows held them as 100,000 strings and entry objects on the heap,
 * which the garbage collector's headroom multiplied in the process's memory, decision record 0094), and its canonical
 * text (ASCII, as `json.dumps` escapes everything else), as large as the row itself, in a scratch file where the runtime
 * has one (`SpilledTexts`, decision record 0108).
 *
 * {@link CompactEntries.version} follows core's rule (`versionOfEntries`: the texts sorted by external id, joined as a
 * Python list, SHA-256) without building the joined text: the bytes are hashed a block at a time.
 */
import { DATASET_VERSION_PREFIX } from "@honeyhive/core/datasets/dataset-content";
import { runtime } from "../runtime/platform";
import type { ScratchFile } from "../runtime/runtime";
import { versionOfEntries } from "./dataset-version";
import { CompactTexts } from "../internal/compact-texts";
import { SpilledTexts } from "./spilled-texts";
import { encodeUtf8 } from "../internal/utf8";

/** Bytes hashed at a time. */
const STAGED_BYTES = 1 << 20;


/** Canonical entries (external id and canonical text) kept compactly, in the order they were added. */
export class CompactEntries {
  readonly #keys = new CompactTexts();
  /** The canonical texts: in a scratch file where the runtime has one (they are the dataset's whole content, 0108). */
  readonly #texts: SpilledTexts;
  /** The entries' numbers sorted by external id (made when first asked, again after an entry is added). */
  #sorted: Uint32Array | undefined;

  /** `openScratch`: where the canonical texts go (default: the runtime's scratch file, where it has one). */
  constructor(openScratch: () => ScratchFile | undefined = () => runtime.node?.openScratchFile()) {
    this.#texts = new SpilledTexts(openScratch);
  }

  /** Entries added. */
  get size(): number {
    return this.#keys.size;
  }

  /** True while the canonical texts are in a scratch file (false while they fit its buffer, where there is none, or after a write failed). */
  get textsOnDisk(): boolean {
    return this.#texts.onDisk;
  }

  /** Keeps an entry: its external id and its canonical text (`json.dumps` of the entry). */
  add(key: string, canonical: string): void {
    this.#keys.add(key);
    this.#texts.add(canonical);
    this.#sorted = undefined;
  }

  /** Whether two entries have the same external id. */
  hasDuplicateKeys(): boolean {
    const order = this.#order();
    return order.some((entry, n) => n > 0 && this.#keys.compare(order[n - 1]!, entry) === 0);
  }

  /**
   * The content version of the entries (their order does not matter): the `dsv-…` value of core's `versionOfEntries`;
   * undefined when a canonical text could not be read back from its scratch file (no version rather than a wrong one).
   */
  version(): string | undefined {
    const version = this.#versionOfTexts();
    return this.#texts.intact ? version : undefined;
  }

  #versionOfTexts(): string {
    const order = this.#order();
    const hash = runtime.attachmentBytes.sha256();
    if (!hash) return versionOfEntries(Array.from(order, (i) => ({ key: this.#keys.text(i), canonical: this.#texts.text(i) })));
    const staged = new Uint8Array(STAGED_BYTES);
    let fill = 0;
    const stage = (bytes: Uint8Array): void => {
      if (fill + bytes.length > staged.length) {
        hash.update(staged.subarray(0, fill));
        fill = 0;
      }
      if (bytes.length > staged.length) hash.update(bytes);
      else {
        staged.set(bytes, fill);
        fill += bytes.length;
      }
    };
    const comma = encodeUtf8(", ");
    stage(encodeUtf8("["));
    order.forEach((i, n) => {
      if (n > 0) stage(comma);
      stage(this.#text(i));
    });
    stage(encodeUtf8("]"));
    hash.update(staged.subarray(0, fill));
    return `${DATASET_VERSION_PREFIX}${hash.hex().slice(0, 16)}`;
  }

  /** Lets the entries' bytes go now (`CompactTexts.release`): nothing may be asked afterwards. */
  release(): void {
    this.#keys.release();
    this.#texts.release();
    this.#sorted = undefined;
  }

  #order(): Uint32Array {
    if (this.#sorted === undefined) {
      const order = new Uint32Array(this.#keys.size);
      for (let i = 0; i < order.length; i++) order[i] = i;
      this.#sorted = order.sort((a, b) => this.#keys.compare(a, b) || a - b); // equal ids in the order added, as a stable sort
    }
    return this.#sorted;
  }

  #text(index: number): Uint8Array {
    return this.#texts.bytes(index);
  }
}
