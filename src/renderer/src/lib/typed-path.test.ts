import { describe, expect, it } from 'vitest'
import { folderName, normalizeTypedPath } from './typed-path'

describe('normalizeTypedPath', () => {
  it('strips blanks and surrounding quotes', () => {
    expect(normalizeTypedPath('  /home/me/Pictures  ')).toBe('/home/me/Pictures')
    expect(normalizeTypedPath('"C:\\Users\\me\\My Photos"')).toBe('C:\\Users\\me\\My Photos')
    expect(normalizeTypedPath("'/tmp/a b'")).toBe('/tmp/a b')
  })
  it('turns file:// URLs into paths', () => {
    expect(normalizeTypedPath('file:///home/me/My%20Photos')).toBe('/home/me/My Photos')
    expect(normalizeTypedPath('file:///C:/Users/me/Pictures')).toBe('C:/Users/me/Pictures')
  })
  it('leaves an empty input empty', () => {
    expect(normalizeTypedPath('   ')).toBe('')
  })
})

describe('folderName', () => {
  it('takes the last segment of POSIX and Windows paths', () => {
    expect(folderName('/home/me/Photos/')).toBe('Photos')
    expect(folderName('D:\\Archive\\2019')).toBe('2019')
    expect(folderName('/')).toBe('/')
  })
})
