const DASH = '–';

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function rate(value: number): string {
  if (value >= 1_000) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(value >= 100 ? 0 : 1);
}

export function ms(value: number | null): string {
  if (value === null) return DASH;
  if (value < 1) return value.toFixed(3);
  return value.toFixed(value < 10 ? 2 : 1);
}

export function times(value: number | null): string {
  return value === null ? DASH : `${value.toFixed(2)}×`;
}

export function mb(value: number | null): string {
  return value === null ? DASH : value.toFixed(0);
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}
