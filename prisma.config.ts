// Prisma CLI configuration. The runtime never reads this file: the app connects
// through @prisma/adapter-pg with the URL from its own validated config.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  // A folder: each area keeps its models in its own .prisma file next to
  // schema.prisma (which holds the generator, datasource and core models).
  schema: 'prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test',
  },
});
