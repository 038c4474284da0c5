// biome-ignore lint/correctness/noUnusedImports: h is what JSX compiles to (classic runtime).
import { Fragment, h } from 'preact';
import { useState } from 'preact/hooks';
import { daysBefore, today, useDashboard } from '../context.ts';
import type { Period } from '../procedure-tabs.ts';

type Preset = '30' | '91' | '365' | 'custom';

/** The preset a period is, read back from its days (a link or a reload gives only those). */
function presetOf(period: Period): Preset {
  if (period.to !== today()) return 'custom';
  const preset = (['30', '91', '365'] as const).find(
    (days) => period.from === daysBefore(period.to, Number(days) - 1),
  );
  return preset ?? 'custom';
}

/** The period and placement of a procedure's figures; `onChoose` once «Appliquer» is pressed. */
export function PeriodForm({
  period,
  onChoose,
  withSource = true,
}: {
  period: Period;
  onChoose: (period: Period) => void;
  /** The placement field: the Observatoire compares procedures, not placements. */
  withSource?: boolean;
}) {
  const { t } = useDashboard();
  const [preset, setPreset] = useState<Preset>(() => presetOf(period));

  const choose = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const chosen = String(form.get('preset')) as Preset;
    const source = String(form.get('source') ?? '').trim();
    if (chosen === 'custom') {
      onChoose({ from: String(form.get('from')), to: String(form.get('to')), source });
    } else {
      onChoose({ from: daysBefore(today(), Number(chosen) - 1), to: today(), source });
    }
  };

  return (
    <form class="filters" onSubmit={choose}>
      <div class="fr-select-group">
        <label class="fr-label" for="preset">
          {t.period}
        </label>
        <select
          class="fr-select"
          id="preset"
          name="preset"
          value={preset}
          onChange={(e) => setPreset(e.currentTarget.value as Preset)}
        >
          <option value="30">{t.last30}</option>
          <option value="91">{t.last3m}</option>
          <option value="365">{t.last12m}</option>
          <option value="custom">{t.custom}</option>
        </select>
      </div>
      {preset === 'custom' && (
        <>
          <div class="fr-input-group">
            <label class="fr-label" for="from">
              {t.from}
            </label>
            <input
              class="fr-input"
              type="date"
              id="from"
              name="from"
              defaultValue={period.from}
              required
            />
          </div>
          <div class="fr-input-group">
            <label class="fr-label" for="to">
              {t.to}
            </label>
            <input
              class="fr-input"
              type="date"
              id="to"
              name="to"
              defaultValue={period.to}
              required
            />
          </div>
        </>
      )}
      {withSource && (
        <div class="fr-input-group">
          <label class="fr-label" for="source">
            {t.source}
          </label>
          <input class="fr-input" id="source" name="source" defaultValue={period.source} />
        </div>
      )}
      <button class="fr-btn" type="submit">
        {t.apply}
      </button>
    </form>
  );
}
