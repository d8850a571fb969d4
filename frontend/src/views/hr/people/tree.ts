import type { Schemas } from "../../../api/client";

export interface UnitNode {
  unit: Schemas["OrgUnitRead"];
  children: UnitNode[];
}

/** Units as a forest sorted by name; a unit whose parent is not in the list becomes a root. */
export function unitTree(units: readonly Schemas["OrgUnitRead"][]): UnitNode[] {
  const nodes = new Map(units.map((unit) => [unit.id, { unit, children: [] as UnitNode[] }]));
  const roots: UnitNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parent_id ? nodes.get(node.unit.parent_id) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: UnitNode[]) => {
    list.sort((a, b) => a.unit.name.localeCompare(b.unit.name, "da"));
    list.forEach((node) => sort(node.children));
  };
  sort(roots);
  return roots;
}
