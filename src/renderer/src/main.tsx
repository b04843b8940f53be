import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { ApiError, ApiProvider, getApi } from './api'
import { App } from './app/App'
import { NoticeProvider } from './app/notices'
import './styles.css'

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Main pushes 'library.changed' / 'tasks.progress', so cached data stays right until invalidated.
      staleTime: 60_000,
      // Client errors (bad input, not authorized) will not get better by asking again.
      retry: (failures, error) => !(error instanceof ApiError && error.status !== null && error.status < 500) && failures < 2,
    },
  },
})

const container = document.getElementById('root')
if (!container) throw new Error('index.html has no #root element')

createRoot(container).render(
  <StrictMode>
    <ApiProvider api={getApi()}>
      <QueryClientProvider client={queryClient}>
        <NoticeProvider>
          <App />
        </NoticeProvider>
      </QueryClientProvider>
    </ApiProvider>
  </StrictMode>,
)
