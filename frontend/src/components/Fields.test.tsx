import type { ComponentChildren, VNode } from "preact";
import { describe, expect, it } from "vitest";
import { CheckboxGroup } from "./Fields";

type Props = Record<string, unknown> & { children?: ComponentChildren };

/** Every HTML element of a rendered tree; the group and its parts use no hooks, so calling a
 *  component renders it. */
function elements(node: ComponentChildren): VNode<Props>[] {
  if (Array.isArray(node)) return node.flatMap(elements);
  if (node === null || typeof node !== "object" || !("type" in node)) return [];
  const vnode = node as VNode<Props>;
  if (typeof vnode.type === "function") {
    return elements((vnode.type as (props: Props) => ComponentChildren)(vnode.props));
  }
  return [vnode, ...elements(vnode.props.children)];
}

const OPTIONS = [
  { value: "colleagues", label: "Kolleger" },
  { value: "citizens", label: "Borgere" },
  { value: "partners", label: "Samarbejdspartnere" },
] as const;
type Who = (typeof OPTIONS)[number]["value"];

function render(selected: Who[], extra: { hint?: string; error?: string } = {}) {
  const changes: Who[][] = [];
  const tree = elements(
    CheckboxGroup<Who>({
      name: "trial-with",
      legend: "Med hvem?",
      options: OPTIONS,
      selected,
      onChange: (next) => changes.push(next),
      ...extra,
    }),
  );
  const boxes = tree.filter((node) => node.type === "input");
  return { tree, boxes, changes };
}

describe("CheckboxGroup", () => {
  it("renders one labelled box per option, ticked when selected", () => {
    const { tree, boxes } = render(["citizens"]);
    expect(boxes.map((box) => [box.props.id, box.props.name, box.props.checked])).toEqual([
      ["trial-with-colleagues", "trial-with", false],
      ["trial-with-citizens", "trial-with", true],
      ["trial-with-partners", "trial-with", false],
    ]);
    const labels = tree.filter((node) => node.type === "label");
    expect(labels.map((label) => [label.props.for, label.props.children])).toEqual([
      ["trial-with-colleagues", "Kolleger"],
      ["trial-with-citizens", "Borgere"],
      ["trial-with-partners", "Samarbejdspartnere"],
    ]);
    expect(tree.find((node) => node.type === "legend")?.props.children).toBe("Med hvem?");
  });

  it("ticks a box by adding its value last and unticks it by removing it", () => {
    const { boxes, changes } = render(["partners"]);
    for (const box of boxes) (box.props.onChange as () => void)();
    expect(changes).toEqual([
      ["partners", "colleagues"],
      ["partners", "citizens"],
      [],
    ]);
  });

  it("ties its hint and error to the group and marks it as in error", () => {
    const plain = render([]).tree[0];
    expect(plain?.props.class).toBe("form-group");
    expect(plain?.props["aria-describedby"]).toBeUndefined();
    const { tree } = render([], { hint: "Vælg alle, der var med.", error: "Vælg mindst én." });
    const fieldset = tree[0];
    expect(fieldset?.type).toBe("fieldset");
    expect(fieldset?.props.class).toBe("form-group form-error");
    expect(fieldset?.props["aria-describedby"]).toBe("trial-with-hint trial-with-error");
    const ids = tree.map((node) => node.props.id);
    expect(ids).toContain("trial-with-hint");
    expect(ids).toContain("trial-with-error");
  });
});
