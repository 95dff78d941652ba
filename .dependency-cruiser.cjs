// Import boundaries (docs/ARCHITECTURE.md draws them). `npm run lint` fails on
// any violation. Paths are relative to the repository root.
const PRODUCTION = '^(bots|orchestrator|evidence-store|x12)/';

module.exports = {
  forbidden: [
    {
      name: 'no-unresolvable-imports',
      severity: 'error',
      comment: 'An import of a file that does not exist (a stale path after a move) fails here, not at run time.',
      from: {},
      to: { couldNotResolve: true, dependencyTypesNot: ['core'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make modules impossible to read, test or load on their own.',
      from: { pathNot: '^prisma/generated' },
      to: { circular: true },
    },
    {
      name: 'x12-is-a-library',
      severity: 'error',
      comment: 'The X12 835 library (parser, writer, code lists) imports nothing of the product.',
      from: { path: '^x12/' },
      to: { path: '^(bots|orchestrator|evidence-store|mock-portals|tools|test|bin|prisma)/' },
    },
    {
      name: 'bots-are-self-contained',
      severity: 'error',
      comment: 'Bots know Playwright and a portal: nothing of queues, databases or evidence storage.',
      from: { path: '^bots/' },
      to: { path: '^(orchestrator|evidence-store|mock-portals|tools|test|bin|prisma)/' },
    },
    {
      name: 'evidence-store-is-self-contained',
      severity: 'error',
      comment: 'The evidence store knows nothing of bots, portals or the orchestrator.',
      from: { path: '^evidence-store/' },
      to: { path: '^(bots|orchestrator|mock-portals|tools|test|bin|x12|prisma)/' },
    },
    {
      name: 'production-never-imports-mocks-tools-or-tests',
      severity: 'error',
      comment: 'Mock portals, benchmark/demo tooling and tests are not part of what we ship.',
      from: { path: PRODUCTION },
      to: { path: '^(mock-portals|tools|test)/' },
    },
    {
      name: 'orchestrator-reaches-bots-through-their-interface',
      severity: 'error',
      comment: 'Only bots/index.ts is public: selector maps, page steps and the runtime may change freely.',
      from: { path: '^orchestrator/' },
      to: { path: '^bots/', pathNot: '^bots/index\\.ts$' },
    },
    {
      name: 'orchestrator-reaches-evidence-through-its-api',
      severity: 'error',
      comment: 'Only evidence-store/index.ts is public; its tables are reached through it, never by SQL.',
      from: { path: '^orchestrator/' },
      to: { path: '^evidence-store/', pathNot: '^evidence-store/index\\.ts$' },
    },
    {
      name: 'mock-portals-reach-bots-through-their-interface',
      severity: 'error',
      comment: "A mock portal may use the task contracts (bots/index.ts), never a bot's internals.",
      from: { path: '^mock-portals/' },
      to: { path: '^bots/', pathNot: '^bots/index\\.ts$' },
    },
    {
      name: 'platform-is-the-bottom-layer',
      severity: 'error',
      comment:
        'The platform core (config, db, queues, workers, runs, schedules) is used by the subsystems, never the reverse.',
      from: { path: '^orchestrator/platform/' },
      to: { path: '^orchestrator/(accounts|audit|denials|remittance|credentialing|web|cli)/' },
    },
    {
      name: 'subsystems-do-not-import-the-front-ends',
      severity: 'error',
      comment: 'The API/dashboard and the CLI sit on top; nothing below imports them.',
      from: { path: '^orchestrator/(platform|accounts|audit|denials|remittance|credentialing)/' },
      to: { path: '^orchestrator/(web|cli)/' },
    },
    {
      name: 'subsystems-stay-in-their-lane',
      severity: 'error',
      comment:
        'Sideways imports between subsystems are the few docs/ARCHITECTURE.md lists (remittance -> denials); anything else goes through the platform or a front end.',
      from: { path: '^orchestrator/(accounts|denials|credentialing|audit)/' },
      to: { path: '^orchestrator/(accounts|denials|remittance|credentialing|audit)/', pathNot: '^orchestrator/$1/' },
    },
    {
      name: 'remittance-reaches-only-denials',
      severity: 'error',
      from: { path: '^orchestrator/remittance/' },
      to: { path: '^orchestrator/(accounts|credentialing|audit)/' },
    },
    {
      name: 'web-does-not-import-the-cli',
      severity: 'error',
      from: { path: '^orchestrator/web/' },
      to: { path: '^orchestrator/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist|prisma/generated)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.mjs', '.js', '.cjs', '.json'],
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};
