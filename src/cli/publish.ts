import fs from 'node:fs/promises';
import { publishArticle } from '../domain/articles/articles.ts';
import { parseArticleFile } from '../domain/articles/article-file.ts';
import type { ArticleSubmission } from '../domain/articles/articles.ts';
import { paths } from '../views/paths.ts';
import type { Command } from './command.ts';
import { describeFailure, UsageError } from './output.ts';
import { openRuntime } from './runtime.ts';

export const publishCommand: Command = {
  usage: 'publish FILE.md [FILE.md ...]',
  summary: 'Publish Markdown files with YAML front matter; the same slug again updates the article',
  async run({ args, config, out }) {
    if (args.length === 0) throw new UsageError('name at least one Markdown file to publish');
    const submissions: Array<{ file: string; submission: ArticleSubmission }> = [];
    let failed = false;
    for (const file of args) {
      try {
        submissions.push({ file, submission: parseArticleFile(await fs.readFile(file, 'utf8')) });
      } catch (error) {
        failed = true;
        describeFailure(error, file).lines.forEach((line) => out(line));
      }
    }
    if (failed) {
      out('Nothing was published.');
      return 1;
    }
    const runtime = await openRuntime(config);
    let current = '';
    try {
      // All files or none: a bad file late in the list leaves the earlier ones unpublished too.
      const results = await runtime.deps.store.transaction(async (store) => {
        const published = [];
        for (const { file, submission } of submissions) {
          current = file;
          published.push(await publishArticle({ ...runtime.deps, store }, submission));
        }
        return published;
      });
      for (const { article, created } of results) {
        const when = article.status === 'scheduled' && article.publishedAt ? ` for ${article.publishedAt.toISOString()}` : '';
        out(
          `${created ? 'Created' : 'Updated'} (${article.status}${when}) "${article.headline}" ${config.siteUrl}${paths.article(article.slug)}`,
        );
      }
      return 0;
    } catch (error) {
      describeFailure(error, current).lines.forEach((line) => out(line));
      out('Nothing was published.');
      return 1;
    } finally {
      await runtime.close();
    }
  },
};
