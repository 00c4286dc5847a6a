// The analyzer reads Lit's `static properties` but lists `state: true` entries as attributes;
// they are internal reactive state, so this drops those attributes again.
const isStateDeclaration = (ts, node) =>
  ts.isObjectLiteralExpression(node) &&
  node.properties.some((option) => ts.isPropertyAssignment(option) && option.name.getText() === 'state' && option.initializer.kind === ts.SyntaxKind.TrueKeyword);

function litStateIsInternal() {
  return {
    name: 'lit-state-is-internal',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isClassDeclaration(node) || !node.name) return;
      const declaration = moduleDoc.declarations?.find((entry) => entry.name === node.name.getText());
      const properties = node.members.find((member) => ts.isPropertyDeclaration(member) && member.name.getText() === 'properties')?.initializer;
      if (!declaration || !properties || !ts.isObjectLiteralExpression(properties)) return;
      const states = new Set(
        properties.properties.filter((entry) => ts.isPropertyAssignment(entry) && isStateDeclaration(ts, entry.initializer)).map((entry) => entry.name.getText()),
      );
      declaration.attributes = declaration.attributes?.filter((attribute) => !states.has(attribute.fieldName));
      for (const member of declaration.members ?? []) if (states.has(member.name)) delete member.attribute;
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/core/**'],
  litelement: true,
  plugins: [litStateIsInternal()],
};
