import { Module } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ProgrammeModule } from '../programme/programme.module.js';
import { AdminFeedbackController, FeedbackAnalyticsController, MyFeedbackController } from './feedback.controller.js';
import { FeedbackService } from './feedback.service.js';

/** Feedback (反馈): members send it, the store's managers and admins answer it (docs/feedback.md). */
@Module({
  imports: [NotificationsModule, ProgrammeModule],
  controllers: [MyFeedbackController, AdminFeedbackController, FeedbackAnalyticsController],
  providers: [FeedbackService],
  exports: [FeedbackService],
})
export class FeedbackModule {}
