import { chromium } from '@playwright/test'
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] })
const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
await page.goto('http://127.0.0.1:34249/?token=25fafdd8056ec1064dbaf63f991a7940d554f515feaa24c8')
await page.waitForTimeout(2000)
await page.mouse.move(700, 400)
await page.mouse.wheel(0, 1000)
await page.waitForTimeout(800)
console.log(await page.evaluate(() => {
  const s = document.querySelector('.grid-scroll')
  return { scrollTop: s.scrollTop, scrollHeight: s.scrollHeight, clientHeight: s.clientHeight, headers: [...document.querySelectorAll('.month-header')].map((h) => [h.dataset.month, h.className, h.style.transform, h.style.position]) }
}))
await browser.close()
