export { AcknowledgeButton, type AcknowledgeHandler } from "./acknowledge-button.js";
export { ActivityFeed, type ActivityFeedProps, type ActivityItem } from "./activity-feed.js";
export { ActivityRow, type ActivityRowProps } from "./activity-row.js";
export { AlertRow, type AlertRowProps } from "./alert-row.js";
export { alertTitle, alertUser } from "./alert-text.js";
export { type AlertItem, AlertsPanel, type AlertsPanelProps } from "./alerts-panel.js";
export { canDrawCanvas } from "./can-draw-canvas.js";
export { cx } from "./class-names.js";
export {
  ConnectionBadge,
  type ConnectionBadgeProps,
  type ConnectionBadgeState,
} from "./connection-badge.js";
export { CriticalAlertToasts, type CriticalAlertToastsProps } from "./critical-alert-toasts.js";
export { EmptyState, type EmptyStateProps } from "./empty-state.js";
export { ErrorState, type ErrorStateProps } from "./error-state.js";
export {
  clampPercent,
  firstTime,
  formatAge,
  formatClock,
  formatCount,
  formatDuration,
  formatPercent,
  parseTime,
  secondsUntil,
} from "./format.js";
export {
  describeIndicator,
  IndicatorBadges,
  type IndicatorBadgesProps,
  type IndicatorItem,
} from "./indicator-badges.js";
export { LastPlayback, type LastPlaybackProps } from "./last-playback.js";
export {
  AVATAR_COLOUR_COUNT,
  avatarColourIndex,
  initials,
  memberLabel,
} from "./member-avatar.js";
export { Panel, type PanelProps } from "./panel.js";
export { present } from "./present.js";
export {
  type RefreshRequestItem,
  RefreshRequestToast,
  type RefreshRequestToastProps,
} from "./refresh-request-toast.js";
export {
  SeverityBadge,
  type SeverityTone,
  severityLabel,
  severityTone,
} from "./severity-badge.js";
export { StatCards, type StatCardsProps } from "./stat-cards.js";
export { SyncBar, type SyncBarProps } from "./sync-bar.js";
export { SyncCompletedNotice, type SyncCompletedNoticeProps } from "./sync-completed-notice.js";
export { syncCounts, syncFraction } from "./sync-fraction.js";
export {
  type SyncItem,
  SyncProgressList,
  type SyncProgressListProps,
} from "./sync-progress-list.js";
export { SyncRow, syncName } from "./sync-row.js";
export { type SyncTone, syncStatusLabel, syncStatusTone } from "./sync-status.js";
export {
  parseTheme,
  type ThemePreference,
  ThemeSelect,
  type ThemeSelectProps,
} from "./theme-select.js";
export { ThroughputChart, type ThroughputChartProps } from "./throughput-chart.js";
export {
  type Bucket,
  describeSeries,
  type SeriesWindow,
  type ThroughputSeries,
  throughputSeries,
} from "./throughput-series.js";
export { Toast, type ToastProps, ToastRegion } from "./toast.js";
export { useNow } from "./use-now.js";
export { useThemeVersion } from "./use-theme-version.js";
export { ViewerAvatars, type ViewerAvatarsProps } from "./viewer-avatars.js";
