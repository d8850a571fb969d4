/** Label–value pairs as a description list that stacks on narrow screens (`.praksis-facts`). */
export function FactList({ facts }: { facts: readonly (readonly [string, string])[] }) {
  return (
    <dl class="praksis-facts">
      {facts.map(([label, value]) => (
        <div key={label} class="stats-fact">
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
