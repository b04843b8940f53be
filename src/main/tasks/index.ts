export { TaskRunner, type TaskHandlers, type TaskHandler, type TaskContext, type TaskLane, type TaskRunnerOptions } from './runner'
export { createPipeline, type Pipeline } from './pipeline'
export { PermanentTaskError, classifyError } from './errors'
export { TASK_PAYLOADS, TASK_TYPES, TASK_PRIORITY, type TaskType, type TaskPayload } from './task-types'
