"""The round's case number and archive reference; archive runs: the Noark 5 package built in the background

Revision ID: a3f9c1d7e2b8
Revises: c7a4e2d9f1b3
Create Date: 2026-12-05 05:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a3f9c1d7e2b8'
down_revision = 'c7a4e2d9f1b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('case_number', sa.String(length=20), server_default='', nullable=False))
        batch_op.add_column(sa.Column('archive_reference', sa.String(length=100), server_default='', nullable=False))
    op.create_table('archive_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('queued', 'running', 'done', 'failed', name='runstatus', native_enum=False, length=20), nullable=False),
    sa.Column('active_key', sa.Integer(), nullable=True),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=20), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('zip', sa.LargeBinary(), nullable=True),
    sa.Column('zip_name', sa.String(length=300), nullable=False),
    sa.Column('entries', sa.Integer(), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultations.id'], name=op.f('fk_archive_runs_consultation_id_consultations')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_archive_runs_requested_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_archive_runs')),
    sa.UniqueConstraint('active_key', name=op.f('uq_archive_runs_active_key'))
    )
    with op.batch_alter_table('archive_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_archive_runs_consultation_id'), ['consultation_id'], unique=False)


def downgrade():
    with op.batch_alter_table('archive_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_archive_runs_consultation_id'))
    op.drop_table('archive_runs')
    with op.batch_alter_table('consultations', schema=None) as batch_op:
        batch_op.drop_column('archive_reference')
        batch_op.drop_column('case_number')
