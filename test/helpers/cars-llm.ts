import { readFileSync } from 'node:fs';
import type { ChatRequestBody } from './openai-server';

/**
 * The LLM tests' real data and "model": the first `count` cars of vega-datasets' cars.json, a
 * prompt asking each car's origin, and an answer rule that reads the origin from the table but
 * calls every 4-cylinder car Japanese (wrong for the European and American ones), so pass rates
 * are below 1 and differ by origin.
 */
export interface Car {
  Name: string;
  Origin: string;
  Cylinders: number;
}

export const CAR_PROMPT =
  'system: Answer with one word.\nuser: "Where is the {{name}} from? USA, Europe or Japan?"\n';

export function carsModel(count: number): {
  cars: Car[];
  originRule: (body: ChatRequestBody) => string;
} {
  const path = new URL('../../node_modules/vega-datasets/data/cars.json', import.meta.url);
  const cars = (JSON.parse(readFileSync(path, 'utf8')) as Car[]).slice(0, count);
  const byName = new Map(cars.map((c) => [c.Name, c]));
  const originRule = (body: ChatRequestBody): string => {
    const question = body.messages?.at(-1)?.content ?? '';
    const name = /the (.*) from\?/.exec(question)?.[1] ?? '';
    const car = byName.get(name);
    if (car === undefined) return 'sorry, I do not know';
    return car.Cylinders === 4 ? 'Japan' : car.Origin;
  };
  return { cars, originRule };
}
