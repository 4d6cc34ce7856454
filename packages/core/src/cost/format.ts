import { Decimal } from './decimal';

/**
 * US dollars for people: `$1,234.56`, `-$3.00`, `$0.000165`. Cents always; more places (up to
 * `maxPlaces`) only when the amount has them, for per-request prices.
 */
export function formatUsd(amount: number, maxPlaces = 2): string {
  const value = Decimal.from(amount);
  let places = 2;
  while (places < maxPlaces && value.round(places).cmp(value) !== 0) places++;
  const text = value.isNegative() ? value.neg().toFixed(places) : value.toFixed(places);
  const [whole = '0', frac] = text.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value.isNegative() ? '-' : ''}$${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/** A signed amount, for deltas: `+$20.00`, `-$3.50`, `$0.00`. */
export function formatDeltaUsd(amount: number): string {
  return amount > 0 ? `+${formatUsd(amount)}` : formatUsd(amount);
}

/** A signed percentage with 2 places: `+13.79%`, `-5.00%`, `0.00%`. */
export function formatDeltaPct(pct: number): string {
  const text = Decimal.from(pct).toFixed(2);
  return `${pct > 0 ? '+' : ''}${text}%`;
}
