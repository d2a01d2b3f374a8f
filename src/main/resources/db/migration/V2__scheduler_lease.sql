-- One-at-a-time scheduled jobs across instances: an instance runs a scheduled pull only while it holds
-- the job's lease. Instances share the database, so the database arbitrates (no extra cluster service).
create table scheduler_lease (
    job_name   varchar(100) primary key,
    owner      varchar(200) not null,
    expires_at timestamp with time zone not null
);
