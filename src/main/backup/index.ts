export { BackupRefusedError, backupBeforeMigration, checkBackup, createBackupService, restoreCatalogFile, writeBackup, type BackupService } from './backup.service'
export { backupFolder, listBackups, pruneBackups, readBackupSettings, writeBackupSettings } from './backup-files'
