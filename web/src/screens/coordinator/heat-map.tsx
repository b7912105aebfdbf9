// The gap report as a picture: unmatched referrals per need (rows) and district (columns), drawn as SVG by the app.
// Every cell prints its number, so colour is never the only cue; cells not published are hatched and labelled "< 5",
// never coloured as zero; a cell with some unpublished parts shows its known part as "≥ n". The SVG is one image with a
// short text alternative; the same numbers follow as a table for screen readers and keyboard users.
import type { ComponentChildren } from 'preact';
import type { NeedCode } from '#domain/codes.ts';
import { NEED_LABELS } from '#domain/labels-de.ts';
import { HEAT_STEPS, type HeatCell, type HeatMap, heatLegend, heatStep } from './heat-map-model.ts';

const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 44;
const LABEL_WIDTH = 232;
const FONT_SIZE = 14;
const HATCH_ID = 'lotse-schraffur';
const NONE_FILL = '#f4f4f4';
const GRID_STROKE = '#767676';

/** About the width a label takes at FONT_SIZE in Fira Sans (a little generous). */
/**
 * A number the report does not publish, shown as the screen contract names suppressed cells (UI.md): in some period of
 * the range fewer than 5 cases, or a number from which so few could be worked out (the legend says both).
 */
export const SUPPRESSED_MARK = '< 5';

function textWidth(text: string): number {
  return text.length * FONT_SIZE * 0.56;
}

function cellText(cell: HeatCell): string {
  if (cell.kind === 'none') return '–';
  if (cell.kind === 'suppressed') return SUPPRESSED_MARK;
  return cell.partial ? `≥ ${cell.value}` : String(cell.value);
}

/** What a cell says in words (its tooltip and the text table). */
export function cellWords(cell: HeatCell): string {
  if (cell.kind === 'none') return 'keine Vermittlungen';
  if (cell.kind === 'suppressed') return 'weniger als 5, nicht ausgewiesen';
  return cell.partial
    ? `mindestens ${cell.value} (dazu nicht ausgewiesene Teile)`
    : `${cell.value} ohne passendes Angebot`;
}

function Hatch({ id }: { readonly id: string }) {
  return (
    <pattern id={id} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
      <rect width="8" height="8" fill="#ffffff" />
      <line x1="0" y1="0" x2="0" y2="8" stroke="#5a5a5a" stroke-width="3" />
    </pattern>
  );
}

function Cell({ cell, x, y, width, max }: { cell: HeatCell; x: number; y: number; width: number; max: number }) {
  const centreX = x + width / 2;
  const centreY = y + ROW_HEIGHT / 2;
  const label = cellText(cell);
  if (cell.kind === 'suppressed') {
    const boxWidth = textWidth(label) + 14;
    return (
      <g>
        <rect x={x} y={y} width={width} height={ROW_HEIGHT} fill={`url(#${HATCH_ID})`} />
        <rect
          x={centreX - boxWidth / 2}
          y={centreY - 10}
          width={boxWidth}
          height={20}
          rx="3"
          fill="#ffffff"
          stroke="#5a5a5a"
        />
        <text x={centreX} y={centreY} text-anchor="middle" dominant-baseline="central" fill="#1b1b1b">
          {label}
        </text>
      </g>
    );
  }
  const step = cell.kind === 'count' ? heatStep(cell.value, max) : 0;
  const colours = HEAT_STEPS[step] ?? HEAT_STEPS[0];
  const fill = cell.kind === 'none' ? NONE_FILL : colours.fill;
  const corner = 14;
  return (
    <g>
      <rect x={x} y={y} width={width} height={ROW_HEIGHT} fill={fill} />
      {cell.kind === 'count' && cell.partial ? (
        <path
          d={`M ${x + width - corner} ${y} L ${x + width} ${y} L ${x + width} ${y + corner} Z`}
          fill={`url(#${HATCH_ID})`}
          stroke="#5a5a5a"
        />
      ) : null}
      <text
        x={centreX}
        y={centreY}
        text-anchor="middle"
        dominant-baseline="central"
        fill={cell.kind === 'none' ? '#595959' : colours.text}
        font-weight={cell.kind === 'count' && cell.value > 0 ? '600' : '400'}
      >
        {label}
      </text>
    </g>
  );
}

function Swatch({ children }: { readonly children: ComponentChildren }) {
  return (
    <svg width="28" height="20" viewBox="0 0 28 20" aria-hidden="true" focusable="false" class="lotse-swatch">
      {children}
    </svg>
  );
}

/** The largest values first: the few sentences of the image's text alternative. */
function describe(map: HeatMap, districtName: (id: string) => string): string {
  const found: { need: NeedCode; districtId: string; value: number; partial: boolean }[] = [];
  let suppressed = 0;
  map.needs.forEach((need, row) => {
    map.districtIds.forEach((districtId, column) => {
      const cell = map.cells[row]?.[column];
      if (cell?.kind === 'suppressed') suppressed += 1;
      if (cell?.kind === 'count' && cell.value > 0)
        found.push({ need, districtId, value: cell.value, partial: cell.partial });
    });
  });
  found.sort((a, b) => b.value - a.value);
  const top = found
    .slice(0, 3)
    .map(
      (entry) =>
        `${NEED_LABELS[entry.need].label} in ${districtName(entry.districtId)}: ${entry.partial ? 'mindestens ' : ''}${entry.value}`,
    );
  const sentences = [
    found.length === 0
      ? 'Kein ausgewiesenes Feld hat Vermittlungen ohne passendes Angebot.'
      : `Die größten Lücken: ${top.join('; ')}.`,
  ];
  if (suppressed > 0) {
    sentences.push(
      `${suppressed} ${suppressed === 1 ? 'Feld ist' : 'Felder sind'} zum Schutz der Familien nicht ausgewiesen.`,
    );
  }
  return sentences.join(' ');
}

export function HeatMapFigure({
  map,
  districtName,
  caption,
}: {
  readonly map: HeatMap;
  readonly districtName: (id: string) => string;
  readonly caption: string;
}) {
  const columnWidth = Math.max(84, ...map.districtIds.map((id) => textWidth(districtName(id)) + 20));
  const width = LABEL_WIDTH + columnWidth * map.districtIds.length;
  const height = HEADER_HEIGHT + ROW_HEIGHT * map.needs.length + 1;
  const legend = heatLegend(map.max);
  return (
    <figure class="lotse-heat-map">
      <figcaption class="kern-title">{caption}</figcaption>
      <svg
        role="img"
        aria-labelledby="heatmap-titel heatmap-beschreibung"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        font-size={FONT_SIZE}
        class="lotse-heat-map__svg"
      >
        <title id="heatmap-titel">{caption}</title>
        <desc id="heatmap-beschreibung">{describe(map, districtName)}</desc>
        <defs>
          <Hatch id={HATCH_ID} />
        </defs>
        {map.districtIds.map((districtId, column) => (
          <text
            key={districtId}
            x={LABEL_WIDTH + column * columnWidth + columnWidth / 2}
            y={HEADER_HEIGHT - 14}
            text-anchor="middle"
            font-weight="600"
            fill="#1b1b1b"
          >
            {districtName(districtId)}
          </text>
        ))}
        {map.needs.map((need, row) => {
          const y = HEADER_HEIGHT + row * ROW_HEIGHT;
          return (
            <g key={need}>
              <text
                x={LABEL_WIDTH - 12}
                y={y + ROW_HEIGHT / 2}
                text-anchor="end"
                dominant-baseline="central"
                fill="#1b1b1b"
              >
                {NEED_LABELS[need].label}
              </text>
              {map.districtIds.map((districtId, column) => {
                const cell = map.cells[row]?.[column] ?? { kind: 'none' };
                return (
                  <Cell
                    key={districtId}
                    cell={cell}
                    x={LABEL_WIDTH + column * columnWidth}
                    y={y}
                    width={columnWidth}
                    max={map.max}
                  />
                );
              })}
            </g>
          );
        })}
        {/* The grid over the cells: one outline, lines between rows and columns. */}
        {map.needs.map((need, row) => (
          <line
            key={need}
            x1={LABEL_WIDTH}
            x2={width}
            y1={HEADER_HEIGHT + row * ROW_HEIGHT}
            y2={HEADER_HEIGHT + row * ROW_HEIGHT}
            stroke={GRID_STROKE}
            stroke-width="1"
          />
        ))}
        {map.districtIds.map((districtId, column) => (
          <line
            key={districtId}
            x1={LABEL_WIDTH + column * columnWidth}
            x2={LABEL_WIDTH + column * columnWidth}
            y1={HEADER_HEIGHT}
            y2={height - 1}
            stroke={GRID_STROKE}
            stroke-width="1"
          />
        ))}
        <rect
          x={LABEL_WIDTH}
          y={HEADER_HEIGHT}
          width={width - LABEL_WIDTH - 0.5}
          height={height - HEADER_HEIGHT - 1}
          fill="none"
          stroke={GRID_STROKE}
        />
      </svg>
      <ul class="lotse-legend" aria-label="Legende">
        <li>
          <Swatch>
            <rect x="0.5" y="0.5" width="27" height="19" fill={HEAT_STEPS[0].fill} stroke={GRID_STROKE} />
          </Swatch>
          0
        </li>
        {legend.map((range) => (
          <li key={range.step}>
            <Swatch>
              <rect x="0.5" y="0.5" width="27" height="19" fill={HEAT_STEPS[range.step]?.fill} stroke={GRID_STROKE} />
            </Swatch>
            {range.from === range.to ? range.from : `${range.from}–${range.to}`}
          </li>
        ))}
        <li>
          <Swatch>
            <defs>
              <Hatch id={`${HATCH_ID}-legende`} />
            </defs>
            <rect x="0.5" y="0.5" width="27" height="19" fill={`url(#${HATCH_ID}-legende)`} stroke={GRID_STROKE} />
          </Swatch>
          „{SUPPRESSED_MARK}“: zum Schutz der Familien nicht ausgewiesen (weniger als 5 Fälle in einem Monat oder
          Quartal)
        </li>
        <li>
          <Swatch>
            <rect x="0.5" y="0.5" width="27" height="19" fill={NONE_FILL} stroke={GRID_STROKE} />
          </Swatch>
          „–“: keine Vermittlungen
        </li>
        <li>„≥ n“: mindestens n; dazu kommen nicht ausgewiesene Teile</li>
      </ul>
    </figure>
  );
}
