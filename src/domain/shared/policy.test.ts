import { describe, expect, it } from 'vitest';
import { ForbiddenError } from './errors.ts';
import { authorize, can, consoleOperator, userIdOf, type StaffActor } from './policy.ts';

const editor: StaffActor = { kind: 'staff', id: 7, role: 'editor', displayName: 'Ed', authorId: 3 };

describe('the console operator', () => {
  it('may do what the command line does', () => {
    for (const permission of [
      'article.create',
      'article.publish',
      'comment.moderate',
      'user.manage',
      'publication.import',
      'publication.export',
      'media.manage',
      // `broadsheet demo` puts the demo's pictures into the library as an upload would.
      'media.upload',
    ] as const) {
      expect(can(consoleOperator, permission)).toBe(true);
    }
  });

  it('may not do what only the newsroom does', () => {
    for (const permission of ['article.edit', 'article.correct', 'tag.manage', 'page.manage', 'settings.manage'] as const) {
      expect(() => authorize(consoleOperator, permission)).toThrow(ForbiddenError);
    }
  });

  it('acts under no account, unlike staff', () => {
    expect(userIdOf(consoleOperator)).toBeNull();
    expect(userIdOf(editor)).toBe(7);
  });
});

describe('staff', () => {
  it('import and export only as administrators', () => {
    expect(can(editor, 'publication.import')).toBe(false);
    expect(can({ ...editor, role: 'admin' }, 'publication.export')).toBe(true);
  });
});

describe('the media library', () => {
  it('takes uploads from every member of staff, contributors included', () => {
    for (const role of ['contributor', 'author', 'editor', 'admin'] as const) expect(can({ ...editor, role }, 'media.upload')).toBe(true);
  });

  it('is managed by editors and administrators only', () => {
    expect(can({ ...editor, role: 'contributor' }, 'media.manage')).toBe(false);
    expect(can({ ...editor, role: 'author' }, 'media.manage')).toBe(false);
    expect(can(editor, 'media.manage')).toBe(true);
    expect(can({ ...editor, role: 'admin' }, 'media.manage')).toBe(true);
  });
});
