/**
 * Where a chart's parts go at the width it really has. The SVG's viewBox is its measured width
 * in CSS pixels, so a 14 px label stays 14 px on a 320 px phone and in a narrow column (a
 * viewBox scaled down to fit made the small Kirkpatrick charts' text ~7 px). Category labels
 * wrap onto two lines within their slot, get an ellipsis when still too long, and when the
 * slots are too narrow for even a short label only every n-th category is labelled.
 */

/** Chart text size in CSS pixels (WCAG readable: at least 12 at every width). */
export const FONT_SIZE = 14;
export const LINE_HEIGHT = 18;
export const PLOT_HEIGHT = 216;
/** The widest a chart is drawn: the figure's max-width in styles.css. */
export const MAX_WIDTH = 720;
export const MIN_WIDTH = 200;
const MAX_LABEL_LINES = 2;
/** A label needs room for at least this many characters, else categories are thinned. */
const MIN_LABEL_CHARS = 4;

/** A safe over-estimate of a text's width: IBM Plex Sans averages ~0.55 em per character. */
export function textWidth(text: string, fontSize = FONT_SIZE): number {
  return text.length * fontSize * 0.6;
}

export interface ChartLayout {
  width: number;
  height: number;
  pad: { top: number; right: number; bottom: number; left: number };
  plotWidth: number;
  plotHeight: number;
  /** The width each category gets along the x axis. */
  slot: number;
  /** Each category's label as lines (empty when the category is not labelled). */
  labels: string[][];
}

function truncate(text: string, chars: number): string {
  return text.length <= chars ? text : text.slice(0, Math.max(1, chars - 1)).trimEnd() + "…";
}

/** Splits `text` into at most `lines` lines of at most `chars` characters, by words. */
export function wrapLabel(text: string, chars: number, lines = MAX_LABEL_LINES): string[] {
  const words = text.split(/\s+/).filter(Boolean);
  const result: string[] = [];
  let current = "";
  for (const [index, word] of words.entries()) {
    const candidate = current ? `${current} ${word}` : word;
    if (candidate.length <= chars) {
      current = candidate;
      continue;
    }
    if (current) result.push(current);
    current = word;
    if (result.length === lines - 1) {
      current = words.slice(index).join(" ");
      break;
    }
  }
  if (current) result.push(current);
  return result.slice(0, lines).map((line) => truncate(line, chars));
}

/** Lays out a chart of `categories` with value-axis labels `tickLabels` at `measured` px. */
export function chartLayout(
  measured: number,
  categories: readonly string[],
  tickLabels: readonly string[],
): ChartLayout {
  const width = Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, measured)));
  const left = Math.ceil(Math.max(0, ...tickLabels.map((label) => textWidth(label)))) + 12;
  const right = 8;
  const plotWidth = width - left - right;
  const slot = plotWidth / Math.max(categories.length, 1);
  const fits = (span: number) => Math.floor((span - 4) / (FONT_SIZE * 0.6));
  // Thin out: label every `every`-th category, so that each label has room for a few letters.
  let every = 1;
  while (fits(slot * every) < MIN_LABEL_CHARS && every < categories.length) every++;
  const chars = Math.max(1, fits(slot * every));
  const labels = categories.map((category, index) => (index % every === 0 ? wrapLabel(category, chars) : []));
  const lines = Math.max(1, ...labels.map((label) => label.length));
  const top = 12;
  const bottom = 10 + lines * LINE_HEIGHT;
  return {
    width,
    height: top + PLOT_HEIGHT + bottom,
    pad: { top, right, bottom, left },
    plotWidth,
    plotHeight: PLOT_HEIGHT,
    slot,
    labels,
  };
}
