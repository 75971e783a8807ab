// A table's column headings. A last column of row buttons ("Revoke",
// "Delete") gets a heading all the same, "Actions", for screen readers only:
// a column without one is announced as nothing.

interface Props {
  columns: readonly string[];
  /** The rows end in a cell of buttons. */
  actions?: boolean;
}

export function TableHead({ columns, actions = false }: Props) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th scope="col" key={c}>
            {c}
          </th>
        ))}
        {actions && (
          <th scope="col">
            <span class="visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
