import { elementScroll, observeElementOffset, observeElementRect, Virtualizer } from '@tanstack/virtual-core';
import type { PageData } from '../pageData.js';
import { clock, commandText, inputText, servicesOf, sourceOf } from './recordText.js';

/**
 * The timeline: one row a record, filtered by service, source and a search
 * text. Only the rows on screen exist in the DOM (virtual-core places
 * them), so 100,000 records scroll like a hundred.
 */

const ROW_HEIGHT = 22;

export interface TimelineFilter {
  service: string;
  source: string;
  search: string;
}

export class Timeline {
  /** Record indexes shown, in order. */
  shown: number[] = [];
  /** Made at the first search: most visits never search, and a long log takes a while to describe. */
  private searchText: string[] | undefined;
  private readonly services: string[][];
  private readonly virtualizer: Virtualizer<HTMLElement, HTMLElement>;
  private current = 0;

  constructor(
    private readonly data: PageData,
    private readonly scroller: HTMLElement,
    private readonly inner: HTMLElement,
    private readonly select: (index: number) => void,
  ) {
    this.services = data.records.map(servicesOf);
    this.shown = data.records.map((_, index) => index);
    this.virtualizer = new Virtualizer<HTMLElement, HTMLElement>({
      count: this.shown.length,
      getScrollElement: () => scroller,
      estimateSize: () => ROW_HEIGHT,
      scrollToFn: elementScroll,
      observeElementRect,
      observeElementOffset,
      overscan: 10,
      onChange: () => this.render(),
    });
    this.virtualizer._didMount();
    this.virtualizer._willUpdate();
    inner.addEventListener('click', (event) => {
      const row = (event.target as HTMLElement).closest<HTMLElement>('.row');
      if (row) select(Number(row.dataset['index']));
    });
  }

  /** Every service any record names, sorted. */
  serviceNames(): string[] {
    return [...new Set(this.services.flat())].sort();
  }

  filter({ service, source, search }: TimelineFilter): void {
    const wanted = search.trim().toLowerCase();
    const texts = wanted ? (this.searchText ??= this.data.records.map((record) => `${record.seq} ${inputText(record)} ${record.commands.map(commandText).join(' ')}`.toLowerCase())) : [];
    this.shown = [];
    this.data.records.forEach((record, index) => {
      if (service && !this.services[index]!.includes(service)) return;
      if (source && sourceOf(record) !== source) return;
      if (wanted && !texts[index]!.includes(wanted)) return;
      this.shown.push(index);
    });
    this.virtualizer.setOptions({ ...this.virtualizer.options, count: this.shown.length });
    this.virtualizer.measure();
    this.render();
  }

  /** Marks the current record and scrolls it into view when it is shown. */
  show(index: number): void {
    this.current = index;
    const at = this.position(index);
    if (at >= 0) this.virtualizer.scrollToIndex(at, { align: 'auto' });
    this.render();
  }

  /** Where a record is among those shown, or -1. */
  position(index: number): number {
    let low = 0;
    let high = this.shown.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const value = this.shown[middle]!;
      if (value === index) return middle;
      if (value < index) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  private render(): void {
    this.inner.style.height = `${this.virtualizer.getTotalSize()}px`;
    const diverged = this.data.divergence?.index;
    const rows = this.virtualizer.getVirtualItems().map((item) => {
      const index = this.shown[item.index]!;
      const record = this.data.records[index]!;
      const source = sourceOf(record);
      const classes = ['row', index === this.current ? 'current' : '', index === diverged ? 'diverged' : ''].filter(Boolean).join(' ');
      const commands = record.commands.length > 0 ? `=> ${record.commands.map(commandText).join('; ')}` : '';
      const row = document.createElement('div');
      row.className = classes;
      row.dataset['index'] = String(index);
      row.dataset['seq'] = String(record.seq);
      row.style.top = `${item.start}px`;
      row.title = `${inputText(record)}\n${commands}`;
      row.innerHTML = `<span class="seq">${record.seq}</span><span class="time">${clock(record.at)}</span><span class="src src-${source}">${source}</span>`;
      row.append(inputText(record));
      if (commands) {
        const span = document.createElement('span');
        span.className = 'cmds';
        span.textContent = commands;
        row.append(span);
      }
      return row;
    });
    this.inner.replaceChildren(...rows);
  }
}
