package com.ledgerbridge.app;

import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.listeners.JobListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.quartz.SchedulerFactoryBeanCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Quartz, clustered on the application database (spring.quartz.* in config/application.yml), runs the scheduled
 * CRM pulls through camel-quartz. When an instance dies during a pull, another instance (or the restarted one)
 * runs that pull again as soon as the cluster notices (the job requests recovery): this says so in the log.
 */
@Configuration
public class ScheduledJobs {

    private static final Logger log = LoggerFactory.getLogger(ScheduledJobs.class);

    @Bean
    SchedulerFactoryBeanCustomizer recoveredJobsAreLogged() {
        return factory -> factory.setGlobalJobListeners(new JobListenerSupport() {
            @Override
            public String getName() {
                return "recovered-jobs";
            }

            @Override
            public void jobToBeExecuted(JobExecutionContext context) {
                if (context.isRecovering()) {
                    log.warn("Recovering scheduled job {}: the instance running it stopped before it finished "
                            + "(it was fired at {}); running it again here", context.getJobDetail().getKey(),
                            context.getScheduledFireTime());
                }
            }

            @Override
            public void jobWasExecuted(JobExecutionContext context, JobExecutionException failure) {
                if (context.isRecovering()) {
                    log.info("Recovered scheduled job {} finished{}", context.getJobDetail().getKey(),
                            failure == null ? "" : " with " + failure.getMessage());
                }
            }
        });
    }
}
