// Versorgungsbericht (UI.md "Koordination"): the anonymised coverage report for a period — a heat map of unmatched
// referrals by need and district, the full table (district × life phase × need × institution type) with the counts
// the report withholds as "< 5" and the gaps highlighted, the whole periods the answer covers, and the CSV download (the same route with Accept: text/csv; the period is
// no personal data, and the file is made in the browser, so nothing personal reaches a URL).
import { useEffect, useState } from 'preact/hooks';
import { LIFE_PHASES, type LifePhase, NEED_CODES } from '#domain/codes.ts';
import type { CoverageReport, CoverageReportCell, MedianHours } from '#domain/coverage.ts';
import { COVERAGE_COUNT_LABELS, INSTITUTION_TYPE_LABELS, LIFE_PHASE_LABELS, NEED_LABELS } from '#domain/labels-de.ts';
import { periodNameDe } from '#domain/reporting-periods.ts';
import type { FieldProblem } from '../../api.ts';
import { ErrorSummary } from '../../components/error-summary.tsx';
import { Button, Checkbox, fieldId, labelChoices, Select, TextField } from '../../components/fields.tsx';
import { Form } from '../../components/form.tsx';
import { Loading, ProblemNotice } from '../../components/notices.tsx';
import { Page } from '../../components/page.tsx';
import { useApp } from '../../context.ts';
import { formatCalendarDate, parseGermanDate } from '../../format.ts';
import type { ScreenProps } from '../../screens.ts';
import { loadDistricts, namesOf } from './catalogue-data.ts';
import { fieldErrorsOf, fieldOfPath, fieldProblems, ScrollTable, saveFile, useLoad } from './common.tsx';
import { cellWords, HeatMapFigure, SUPPRESSED_MARK } from './heat-map.tsx';
import { heatMapOf } from './heat-map-model.ts';
import { periodsText } from './report-periods.ts';

const COUNTS = ['received', 'routed', 'unmatched', 'accepted', 'connected'] as const;

type Period = { readonly from?: string; readonly to?: string };

function Suppressed() {
  return (
    <>
      <span aria-hidden="true">{SUPPRESSED_MARK}</span>
      <span class="kern-sr-only">weniger als 5, nicht ausgewiesen</span>
    </>
  );
}

function medianText(median: MedianHours | null): string {
  if (median === null) return '–';
  if (median === 'inf') return 'über 336 Std.';
  return `bis ${median} Std.`;
}

function isSuppressed(cell: CoverageReportCell): boolean {
  return cell.received === null;
}

export function CoverageReportScreen(_: ScreenProps) {
  const { api } = useApp();
  const [period, setPeriod] = useState<Period>({});
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [problems, setProblems] = useState<readonly FieldProblem[]>([]);
  const [loaded, reload] = useLoad(async () => {
    const [report, districts] = await Promise.all([
      api.get<CoverageReport>('/v1/reports/coverage', { query: { from: period.from, to: period.to } }),
      loadDistricts(api),
    ]);
    return { report: report.body, districts };
  }, [api, period]);
  const [downloading, setDownloading] = useState(false);
  const [downloadProblem, setDownloadProblem] = useState<unknown>();

  // The answer names the period it covers: the fields show it, in German.
  const shown = loaded.state === 'ready' ? loaded.data.report : undefined;
  useEffect(() => {
    if (shown === undefined) return;
    setFrom(formatCalendarDate(shown.from));
    setTo(formatCalendarDate(shown.to));
  }, [shown]);
  const apiProblems = loaded.state === 'failed' ? fieldProblems(loaded.error) : undefined;
  const { errors, summary } = fieldErrorsOf(apiProblems ?? problems, fieldOfPath(['from', 'to']));

  const show = () => {
    const found: FieldProblem[] = [];
    const fromDate = parseGermanDate(from);
    const toDate = parseGermanDate(to);
    if (from.trim() !== '' && fromDate === undefined) {
      found.push({ path: 'from', message: 'Geben Sie den Anfang als Datum ein, zum Beispiel 01.11.2026.' });
    }
    if (to.trim() !== '' && toDate === undefined) {
      found.push({ path: 'to', message: 'Geben Sie das Ende als Datum ein, zum Beispiel 30.11.2026.' });
    }
    setProblems(found);
    if (found.length > 0) return;
    setPeriod({
      ...(fromDate === undefined ? {} : { from: fromDate }),
      ...(toDate === undefined ? {} : { to: toDate }),
    });
    if (fromDate === period.from && toDate === period.to) reload();
  };

  const download = async (report: CoverageReport) => {
    setDownloading(true);
    setDownloadProblem(undefined);
    try {
      const answer = await api.get<string>('/v1/reports/coverage', {
        accept: 'text/csv',
        query: { from: report.from, to: report.to },
      });
      // Reading the answer as text drops its byte-order mark; the file keeps it, so spreadsheets read the umlauts.
      const csv = answer.body ?? '';
      const file = csv.startsWith('\uFEFF') ? csv : `\uFEFF${csv}`;
      saveFile(`versorgungsbericht-${report.from}-bis-${report.to}.csv`, file, 'text/csv');
    } catch (error) {
      setDownloadProblem(error);
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Page title="Versorgungsbericht" hasErrors={summary.length > 0}>
      <p class="kern-body">
        Anonymisierte Zahlen: wie viele Vermittlungen eingegangen sind, wie viele kein passendes Angebot fanden (die
        Lücken) und wie viele vermittelt wurden — nach Bezirk, Lebensphase, Bedarf und Art der vermittelnden
        Einrichtung. Lotse zählt in ganzen Monaten oder Quartalen und zeigt keine Zahl, die weniger als 5 Familien
        beträfe — auch nicht als Differenz zweier Zahlen oder zweier Berichte —, damit niemand auf eine Familie
        schließen kann.
      </p>
      <ErrorSummary items={summary} />
      <Form class="lotse-inline" onSubmit={show}>
        <TextField
          id={fieldId('from')}
          label="Von"
          hint="z. B. 01.11.2026"
          value={from}
          onValue={setFrom}
          error={errors.from}
          width="width-10"
          autocomplete="off"
        />
        <TextField
          id={fieldId('to')}
          label="Bis"
          hint="z. B. 30.11.2026"
          value={to}
          onValue={setTo}
          error={errors.to}
          width="width-10"
          autocomplete="off"
        />
        <Button type="submit" variant="secondary">
          Zeitraum anzeigen
        </Button>
      </Form>
      {loaded.state === 'loading' ? <Loading label="Der Bericht wird erstellt …" /> : null}
      {loaded.state === 'failed' && apiProblems === undefined ? (
        <ProblemNotice error={loaded.error} onRetry={reload} />
      ) : null}
      {loaded.state === 'ready' ? (
        <>
          <div class="lotse-actions">
            <p class="kern-body" aria-live="polite">
              {periodsText(loaded.data.report)}
            </p>
            <Button variant="secondary" onClick={() => void download(loaded.data.report)} disabled={downloading}>
              Als CSV herunterladen
            </Button>
          </div>
          {downloadProblem === undefined ? null : (
            <ProblemNotice error={downloadProblem} onRetry={() => void download(loaded.data.report)} />
          )}
          <ReportBody
            report={loaded.data.report}
            districtName={namesOf(loaded.data.districts)}
            districtIds={loaded.data.districts.map((district) => district.id)}
          />
        </>
      ) : null}
    </Page>
  );
}

function ReportBody({
  report,
  districtName,
  districtIds,
}: {
  readonly report: CoverageReport;
  readonly districtName: (id: string) => string;
  readonly districtIds: readonly string[];
}) {
  const [phase, setPhase] = useState<LifePhase | ''>('');
  const [district, setDistrict] = useState('');
  const [gapsOnly, setGapsOnly] = useState(false);
  const map = heatMapOf(report.cells, {
    districtIds,
    needs: NEED_CODES,
    phase: phase === '' ? undefined : phase,
  });
  if (report.cells.length === 0) {
    return <p class="kern-body">In diesem Zeitraum sind keine Vermittlungen eingegangen.</p>;
  }
  const rows = report.cells.filter(
    (cell) => (district === '' || cell.districtId === district) && (!gapsOnly || (cell.unmatched ?? 0) > 0),
  );
  const phaseCaption = phase === '' ? 'alle Lebensphasen' : LIFE_PHASE_LABELS[phase].label;
  return (
    <div class="lotse-report">
      <section aria-labelledby="luecken" class="lotse-report__map lotse-stack">
        <h2 class="kern-heading-medium" id="luecken">
          Lücken auf einen Blick
        </h2>
        <p class="kern-body">
          Vermittlungen ohne passendes Angebot nach Bedarf und Bezirk. Je dunkler, desto mehr Familien fanden kein
          Angebot. Eine Vermittlung mit Kindern in mehreren Lebensphasen zählt in jeder Phase.
        </p>
        <div class="lotse-narrow">
          <Select
            id="f-heatmap-phase"
            label="Lebensphase"
            choices={[{ value: '', label: 'Alle Lebensphasen' }, ...labelChoices(LIFE_PHASES, LIFE_PHASE_LABELS)]}
            value={phase}
            onValue={setPhase}
          />
        </div>
        <HeatMapFigure
          map={map}
          districtName={districtName}
          caption={`Vermittlungen ohne passendes Angebot, ${phaseCaption}`}
        />
        <details class="lotse-details">
          <summary class="kern-body">Die Zahlen der Grafik als Tabelle</summary>
          <ScrollTable label="Lücken als Tabelle">
            <table class="kern-table kern-table--small">
              <caption class="kern-sr-only">
                Vermittlungen ohne passendes Angebot nach Bedarf und Bezirk, {phaseCaption}
              </caption>
              <thead class="kern-table__head">
                <tr class="kern-table__row">
                  <th class="kern-table__header" scope="col">
                    Bedarf
                  </th>
                  {map.districtIds.map((id) => (
                    <th class="kern-table__header" scope="col" key={id}>
                      {districtName(id)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody class="kern-table__body">
                {map.needs.map((need, row) => (
                  <tr class="kern-table__row" key={need}>
                    <th class="kern-table__cell" scope="row">
                      {NEED_LABELS[need].label}
                    </th>
                    {map.districtIds.map((id, column) => {
                      const cell = map.cells[row]?.[column] ?? { kind: 'none' as const };
                      return (
                        <td class="kern-table__cell" key={id}>
                          {cellWords(cell)}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        </details>
      </section>
      <section aria-labelledby="tabelle" class="lotse-report__table lotse-stack">
        <h2 class="kern-heading-medium" id="tabelle">
          Alle Zahlen
        </h2>
        <search class="lotse-toolbar" aria-label="Tabelle filtern">
          <Select
            id="f-tabelle-bezirk"
            label="Bezirk"
            choices={[
              { value: '', label: 'Alle Bezirke' },
              ...map.districtIds.map((id) => ({ value: id, label: districtName(id) })),
            ]}
            value={district}
            onValue={setDistrict}
          />
          <Checkbox
            id="f-nur-luecken"
            label="Nur Zeilen mit Vermittlungen ohne passendes Angebot"
            checked={gapsOnly}
            onChecked={setGapsOnly}
          />
        </search>
        <p class="kern-body" aria-live="polite">
          {rows.length === report.cells.length
            ? `${rows.length} Zeilen`
            : `${rows.length} von ${report.cells.length} Zeilen`}
          . Hervorgehoben: Vermittlungen ohne passendes Angebot.
        </p>
        <ScrollTable label="Versorgungsbericht">
          <table class="kern-table kern-table--small lotse-coverage-table">
            <caption class="kern-sr-only">
              Versorgungsbericht nach Bezirk, Lebensphase, Bedarf und Art der Einrichtung
            </caption>
            <thead class="kern-table__head">
              <tr class="kern-table__row">
                <th class="kern-table__header" scope="col">
                  Bezirk
                </th>
                <th class="kern-table__header" scope="col">
                  Lebensphase
                </th>
                <th class="kern-table__header" scope="col">
                  Bedarf
                </th>
                <th class="kern-table__header" scope="col">
                  Art der Einrichtung
                </th>
                {COUNTS.map((count) => (
                  <th class="kern-table__header kern-table__header--numeric" scope="col" key={count}>
                    {COVERAGE_COUNT_LABELS[count].label}
                  </th>
                ))}
                <th class="kern-table__header kern-table__header--numeric" scope="col">
                  Erste Reaktion (Median)
                </th>
              </tr>
            </thead>
            <tbody class="kern-table__body">
              {rows.map((cell) => {
                const gap = (cell.unmatched ?? 0) > 0;
                return (
                  <tr
                    class={`kern-table__row${gap ? ' lotse-gap-row' : ''}`}
                    key={`${cell.districtId}#${cell.phase}#${cell.need}#${cell.institutionType}`}
                  >
                    <th class="kern-table__cell" scope="row">
                      {districtName(cell.districtId)}
                    </th>
                    <td class="kern-table__cell">{LIFE_PHASE_LABELS[cell.phase].label}</td>
                    <td class="kern-table__cell">{NEED_LABELS[cell.need].label}</td>
                    <td class="kern-table__cell">{INSTITUTION_TYPE_LABELS[cell.institutionType].label}</td>
                    {COUNTS.map((count) => (
                      <td
                        class={`kern-table__cell kern-table__cell--numeric${count === 'unmatched' && gap ? ' lotse-gap' : ''}${isSuppressed(cell) ? ' lotse-suppressed' : ''}`}
                        key={count}
                      >
                        {cell[count] === null ? <Suppressed /> : cell[count]}
                      </td>
                    ))}
                    <td
                      class={`kern-table__cell kern-table__cell--numeric${isSuppressed(cell) ? ' lotse-suppressed' : ''}`}
                    >
                      {isSuppressed(cell) ? <Suppressed /> : medianText(cell.medianHoursToFirstAction)}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollTable>
        <p class="kern-body kern-body--small">
          „{SUPPRESSED_MARK}“: zum Schutz der Familien nicht ausgewiesen: in einem Monat oder Quartal des Zeitraums
          weniger als 5 Fälle, oder aus dieser und anderen Zahlen wären so wenige zu errechnen. Erste Reaktion: Stunden,
          bis das Familienbüro den Fall geöffnet, angenommen oder abgelehnt hat (Median, in Stufen). Eine Vermittlung
          mit mehreren Lebensphasen oder Bedarfen zählt in jeder Zeile; Zeilen lassen sich deshalb nicht addieren.
        </p>
      </section>
      {report.childProtectionRefusals.every((entry) => entry.count === 0) ? null : (
        <section aria-labelledby="kinderschutz" class="lotse-stack">
          <h2 class="kern-heading-medium" id="kinderschutz">
            An das Jugendamt verwiesen
          </h2>
          <p class="kern-body">
            Vermittlungen, bei denen die Fachkraft gewichtige Anhaltspunkte für eine Kindeswohlgefährdung angab. Lotse
            hat nichts über die Familie gespeichert, nur diese Zahl.
          </p>
          <ul class="kern-list">
            {report.childProtectionRefusals.map((entry) => (
              <li key={entry.period}>
                {periodNameDe(entry.period)}: {entry.count === null ? <Suppressed /> : entry.count}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
